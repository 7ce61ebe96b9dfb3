// clearway's scene viewer: WebGL 1 with WebXR, written for clearway's own .glb files (one
// primitive per node, float32 positions and normals, a base colour per material, node extras
// for picking). No library, nothing fetched: the scene is in the page as base64.
(function () {
  'use strict';
  var status = { views: [], errors: [] };
  window.clearwayViewer = status;
  // refusals by the page policy are counted by watch.js, which runs first, from the head; a
  // page without it cannot say how many there were, and says so rather than 0
  status.refused = window.clearwayRefused || null;

  function bytesOf(base64) {
    var text = atob(base64.replace(/\s+/g, ''));
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return bytes.buffer;
  }

  // The GLB container: header, JSON chunk, BIN chunk (glTF 2.0 section 4.4).
  function parseGlb(buffer) {
    var dv = new DataView(buffer);
    if (buffer.byteLength < 20 || dv.getUint32(0, true) !== 0x46546c67 || dv.getUint32(4, true) !== 2) {
      throw new Error('not a glTF 2.0 binary');
    }
    var jsonLength = dv.getUint32(12, true);
    if (dv.getUint32(16, true) !== 0x4e4f534a) throw new Error('the first chunk is not JSON');
    var json = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 20, jsonLength)));
    var bin = null;
    var at = 20 + jsonLength;
    if (at + 8 <= buffer.byteLength && dv.getUint32(at + 4, true) === 0x004e4942) {
      bin = { buffer: buffer, offset: at + 8, length: dv.getUint32(at, true) };
    }
    return { json: json, bin: bin };
  }

  function floats(glb, index) {
    var acc = glb.json.accessors[index];
    var view = glb.json.bufferViews[acc.bufferView];
    var offset = glb.bin.offset + (view.byteOffset || 0) + (acc.byteOffset || 0);
    var size = { SCALAR: 1, VEC2: 2, VEC3: 3, VEC4: 4 }[acc.type];
    return new Float32Array(glb.bin.buffer, offset, acc.count * size);
  }

  // Every node of the default scene as a drawable: positions, normals, mode, colour, extras.
  function drawables(glb) {
    var json = glb.json;
    var out = [];
    if (!json.scenes || !json.scenes.length) return out;
    var scene = json.scenes[json.scene || 0];
    (scene.nodes || []).forEach(function (n) {
      var node = json.nodes[n];
      if (node.mesh === undefined) return;
      json.meshes[node.mesh].primitives.forEach(function (p) {
        var material = p.material !== undefined ? json.materials[p.material] : {};
        var pbr = material.pbrMetallicRoughness || {};
        out.push({
          name: node.name || '',
          positions: floats(glb, p.attributes.POSITION),
          normals: p.attributes.NORMAL !== undefined ? floats(glb, p.attributes.NORMAL) : null,
          mode: p.mode === undefined ? 4 : p.mode,
          colour: pbr.baseColorFactor || [0.7, 0.7, 0.7, 1],
          info: node.extras || null
        });
      });
    });
    return out;
  }

  function boundsOf(items) {
    var min = [Infinity, Infinity, Infinity], max = [-Infinity, -Infinity, -Infinity];
    items.forEach(function (d) {
      for (var i = 0; i < d.positions.length; i += 3) {
        for (var a = 0; a < 3; a++) {
          var v = d.positions[i + a];
          if (v < min[a]) min[a] = v;
          if (v > max[a]) max[a] = v;
        }
      }
    });
    if (!isFinite(min[0])) return { min: [0, 0, 0], max: [1, 1, 1] };
    return { min: min, max: max };
  }

  // 4x4 matrices, column-major as WebGL takes them.
  function multiply(a, b) {
    var o = new Float32Array(16);
    for (var c = 0; c < 4; c++) {
      for (var r = 0; r < 4; r++) {
        var s = 0;
        for (var k = 0; k < 4; k++) s += a[k * 4 + r] * b[c * 4 + k];
        o[c * 4 + r] = s;
      }
    }
    return o;
  }
  function perspective(fovy, aspect, near, far) {
    var f = 1 / Math.tan(fovy / 2), o = new Float32Array(16);
    o[0] = f / aspect; o[5] = f; o[10] = (far + near) / (near - far); o[11] = -1;
    o[14] = (2 * far * near) / (near - far);
    return o;
  }
  function lookAt(eye, target) {
    var z = norm([eye[0] - target[0], eye[1] - target[1], eye[2] - target[2]]);
    var x = norm(cross([0, 1, 0], z));
    if (!isFinite(x[0])) x = [1, 0, 0];
    var y = cross(z, x);
    var o = new Float32Array(16);
    o[0] = x[0]; o[4] = x[1]; o[8] = x[2];
    o[1] = y[0]; o[5] = y[1]; o[9] = y[2];
    o[2] = z[0]; o[6] = z[1]; o[10] = z[2];
    o[12] = -dot(x, eye); o[13] = -dot(y, eye); o[14] = -dot(z, eye); o[15] = 1;
    return o;
  }
  function translateScale(t, s) {
    var o = new Float32Array(16);
    o[0] = s; o[5] = s; o[10] = s; o[12] = t[0]; o[13] = t[1]; o[14] = t[2]; o[15] = 1;
    return o;
  }
  function cross(a, b) { return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]; }
  function dot(a, b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
  function norm(a) { var l = Math.sqrt(dot(a, a)); return [a[0] / l, a[1] / l, a[2] / l]; }

  var VERTEX = 'attribute vec3 position; attribute vec3 normal; attribute vec4 colour; uniform mat4 mvp; uniform float lit;' +
    'varying vec4 tint; void main() { gl_Position = mvp * vec4(position, 1.0); gl_PointSize = 6.0;' +
    'vec3 l = normalize(vec3(0.3, 0.8, 0.5)); float shade = mix(1.0, 0.45 + 0.55 * abs(dot(normalize(normal), l)), lit);' +
    'tint = vec4(colour.rgb * shade, colour.a); }';
  var FRAGMENT = 'precision mediump float; varying vec4 tint; void main() { gl_FragColor = tint; }';

  function program(gl) {
    function shader(type, source) {
      var s = gl.createShader(type);
      gl.shaderSource(s, source);
      gl.compileShader(s);
      if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) throw new Error(gl.getShaderInfoLog(s));
      return s;
    }
    var p = gl.createProgram();
    gl.attachShader(p, shader(gl.VERTEX_SHADER, VERTEX));
    gl.attachShader(p, shader(gl.FRAGMENT_SHADER, FRAGMENT));
    gl.linkProgram(p);
    if (!gl.getProgramParameter(p, gl.LINK_STATUS)) throw new Error(gl.getProgramInfoLog(p));
    return {
      id: p,
      position: gl.getAttribLocation(p, 'position'),
      normal: gl.getAttribLocation(p, 'normal'),
      colour: gl.getAttribLocation(p, 'colour'),
      mvp: gl.getUniformLocation(p, 'mvp'),
      lit: gl.getUniformLocation(p, 'lit')
    };
  }

  // Every object of a kind in one buffer, so a frame is three draw calls (points, lines,
  // triangles) however many objects there are: line strips become line pairs, each vertex
  // carries its object's colour and its picking colour (object number + 1 in RGB, 0 is
  // "nothing"), and each object keeps its range for highlighting.
  function upload(gl, items) {
    var kinds = { 0: [], 1: [], 4: [] };
    items.forEach(function (d, i) {
      var mode = d.mode === 3 ? 1 : d.mode;
      if (kinds[mode]) kinds[mode].push({ d: d, index: i });
    });
    var batches = [];
    Object.keys(kinds).forEach(function (key) {
      var mode = Number(key), list = kinds[key];
      if (!list.length) return;
      var count = 0;
      list.forEach(function (o) {
        var n = o.d.positions.length / 3;
        count += o.d.mode === 3 ? Math.max(0, 2 * (n - 1)) : n;
      });
      var pos = new Float32Array(count * 3), nor = mode === 4 ? new Float32Array(count * 3) : null;
      var col = new Float32Array(count * 4), pick = new Float32Array(count * 4);
      var at = 0;
      list.forEach(function (o) {
        var d = o.d, p = d.positions, start = at, id = o.index + 1;
        var picked = d.info ? [(id & 255) / 255, ((id >> 8) & 255) / 255, ((id >> 16) & 255) / 255, 1] : [0, 0, 0, 0];
        function put(v) {
          pos[at * 3] = p[v * 3]; pos[at * 3 + 1] = p[v * 3 + 1]; pos[at * 3 + 2] = p[v * 3 + 2];
          if (nor) { nor[at * 3] = d.normals[v * 3]; nor[at * 3 + 1] = d.normals[v * 3 + 1]; nor[at * 3 + 2] = d.normals[v * 3 + 2]; }
          col.set(d.colour, at * 4);
          pick.set(picked, at * 4);
          at++;
        }
        var n = p.length / 3;
        if (d.mode === 3) { for (var v = 0; v + 1 < n; v++) { put(v); put(v + 1); } } else { for (var w = 0; w < n; w++) put(w); }
        o.d.range = { batch: batches.length, start: start, count: at - start };
      });
      function buffer(data) {
        var b = gl.createBuffer();
        gl.bindBuffer(gl.ARRAY_BUFFER, b);
        gl.bufferData(gl.ARRAY_BUFFER, data, gl.STATIC_DRAW);
        return b;
      }
      batches.push({
        mode: mode, count: count, colours: col,
        positions: buffer(pos), normals: nor ? buffer(nor) : null, colour: buffer(col), pick: buffer(pick)
      });
    });
    return batches;
  }

  function context(canvas, antialias) {
    var options = { antialias: antialias, preserveDrawingBuffer: true, xrCompatible: true };
    return canvas.getContext('webgl', options) || canvas.getContext('experimental-webgl', options);
  }

  // Whether WebGL runs on the CPU (SwiftShader, llvmpipe: no GPU, or one the browser refused).
  function software(gl) {
    var info = gl.getExtension('WEBGL_debug_renderer_info');
    var name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    return /swiftshader|llvmpipe|software/i.test(name);
  }

  function Viewer(figure) {
    this.figure = figure;
    this.canvas = figure.querySelector('canvas');
    this.realScale = figure.getAttribute('data-real-scale') === 'true';
    var glb = parseGlb(bytesOf(figure.querySelector('script[type="model/gltf-binary;base64"]').textContent));
    this.items = drawables(glb);
    this.bounds = boundsOf(this.items);
    var b = this.bounds;
    this.centre = [(b.min[0] + b.max[0]) / 2, (b.min[1] + b.max[1]) / 2, (b.min[2] + b.max[2]) / 2];
    this.radius = Math.max(1e-6, Math.sqrt(
      Math.pow(b.max[0] - b.min[0], 2) + Math.pow(b.max[1] - b.min[1], 2) + Math.pow(b.max[2] - b.min[2], 2)) / 2);
    var overhead = figure.getAttribute('data-overhead') === 'true';
    this.yaw = overhead ? 0 : -0.6; this.pitch = overhead ? 0.95 : 0.5;
    this.distance = this.radius * (overhead ? 1.9 : 2.6);
    var gl = context(this.canvas, true);
    if (!gl) throw new Error('no WebGL');
    if (software(gl)) {
      // multisampling on the CPU costs more than the frame itself: a fresh canvas without it
      var plain = this.canvas.cloneNode(false);
      this.canvas.parentNode.replaceChild(plain, this.canvas);
      this.canvas = plain;
      gl = context(plain, false) || gl;
      this.renderer = 'software, no antialiasing';
    }
    this.gl = gl;
    this.program = program(gl);
    this.batches = upload(gl, this.items);
    this.pickTarget = null;
    this.listen();
  }

  Viewer.prototype.view = function () {
    var cp = Math.cos(this.pitch);
    var eye = [
      this.centre[0] + this.distance * cp * Math.sin(this.yaw),
      this.centre[1] + this.distance * Math.sin(this.pitch),
      this.centre[2] + this.distance * cp * Math.cos(this.yaw)
    ];
    return lookAt(eye, this.centre);
  };

  Viewer.prototype.projection = function (w, h) {
    return perspective(0.8, w / Math.max(1, h), this.radius * 0.01, this.radius * 20 + this.distance);
  };

  // Draws every object with `mvp`; `picking` draws each in its picking colour, unlit.
  Viewer.prototype.draw = function (mvp, picking) {
    var gl = this.gl, p = this.program;
    gl.useProgram(p.id);
    gl.uniformMatrix4fv(p.mvp, false, mvp);
    gl.enable(gl.DEPTH_TEST);
    for (var i = 0; i < this.batches.length; i++) {
      var b = this.batches[i];
      gl.bindBuffer(gl.ARRAY_BUFFER, b.positions);
      gl.enableVertexAttribArray(p.position);
      gl.vertexAttribPointer(p.position, 3, gl.FLOAT, false, 0, 0);
      gl.bindBuffer(gl.ARRAY_BUFFER, picking ? b.pick : b.colour);
      gl.enableVertexAttribArray(p.colour);
      gl.vertexAttribPointer(p.colour, 4, gl.FLOAT, false, 0, 0);
      if (b.normals && !picking) {
        gl.bindBuffer(gl.ARRAY_BUFFER, b.normals);
        gl.enableVertexAttribArray(p.normal);
        gl.vertexAttribPointer(p.normal, 3, gl.FLOAT, false, 0, 0);
        gl.uniform1f(p.lit, 1);
      } else {
        if (p.normal >= 0) { gl.disableVertexAttribArray(p.normal); gl.vertexAttrib3f(p.normal, 0, 1, 0); }
        gl.uniform1f(p.lit, 0);
      }
      gl.drawArrays(b.mode, 0, b.count);
    }
  };

  // Shows `item` in the highlight colour (and the previous one in its own again).
  Viewer.prototype.highlight = function (item) {
    var gl = this.gl, self = this;
    function paint(d, colour) {
      if (!d || !d.range) return;
      var b = self.batches[d.range.batch], data = new Float32Array(d.range.count * 4);
      for (var i = 0; i < d.range.count; i++) data.set(colour, i * 4);
      gl.bindBuffer(gl.ARRAY_BUFFER, b.colour);
      gl.bufferSubData(gl.ARRAY_BUFFER, d.range.start * 16, data);
    }
    paint(this.selected, this.selected && this.selected.colour);
    this.selected = item;
    paint(item, [1, 0.85, 0, 1]);
  };

  Viewer.prototype.render = function () {
    var gl = this.gl, c = this.canvas;
    var w = c.clientWidth || c.width, h = c.clientHeight || c.height;
    var ratio = window.devicePixelRatio || 1;
    if (c.width !== Math.round(w * ratio) || c.height !== Math.round(h * ratio)) {
      c.width = Math.round(w * ratio); c.height = Math.round(h * ratio);
    }
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    gl.viewport(0, 0, c.width, c.height);
    gl.clearColor(0.957, 0.961, 0.969, 1);
    gl.clear(gl.COLOR_BUFFER_BIT | gl.DEPTH_BUFFER_BIT);
    this.draw(multiply(this.projection(c.width, c.height), this.view()), false);
  };

  Viewer.prototype.requestRender = function () {
    var self = this;
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(function () { self.pending = false; self.render(); });
  };

  // The object under (x, y) in canvas pixels, looked for within a few pixels (lines are thin).
  Viewer.prototype.pickAt = function (x, y) {
    var gl = this.gl, c = this.canvas;
    if (!this.pickTarget || this.pickTarget.w !== c.width || this.pickTarget.h !== c.height) {
      var fb = gl.createFramebuffer(), tex = gl.createTexture(), depth = gl.createRenderbuffer();
      gl.bindTexture(gl.TEXTURE_2D, tex);
      gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, c.width, c.height, 0, gl.RGBA, gl.UNSIGNED_BYTE, null);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
      gl.bindRenderbuffer(gl.RENDERBUFFER, depth);
      gl.renderbufferStorage(gl.RENDERBUFFER, gl.DEPTH_COMPONENT16, c.width, c.height);
      gl.bindFramebuffer(gl.FRAMEBUFFER, fb);
      gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, tex, 0);
      gl.framebufferRenderbuffer(gl.FRAMEBUFFER, gl.DEPTH_ATTACHMENT, gl.RENDERBUFFER, depth);
      this.pickTarget = { fb: fb, w: c.width, h: c.height };
    }
    gl.bindFramebuffer(gl.FRAMEBUFFER, this.pickTarget.fb);
    gl.viewport(0, 0, c.width, c.height);
    gl.clearColor(0, 0, 0, 0);
    gl.clear(gl.COLOR_BUFFER_BIT | gl.DEPTH_BUFFER_BIT);
    this.draw(multiply(this.projection(c.width, c.height), this.view()), true);
    var r = 4, px = new Uint8Array((2 * r + 1) * (2 * r + 1) * 4);
    var gx = Math.max(0, Math.min(c.width - 2 * r - 1, Math.round(x) - r));
    var gy = Math.max(0, Math.min(c.height - 2 * r - 1, c.height - Math.round(y) - 1 - r));
    gl.readPixels(gx, gy, 2 * r + 1, 2 * r + 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    var best = null, bestDistance = Infinity;
    for (var i = 0; i < px.length; i += 4) {
      var id = px[i] + (px[i + 1] << 8) + (px[i + 2] << 16);
      if (id === 0) continue;
      var k = i / 4, dx = (k % (2 * r + 1)) - r, dy = Math.floor(k / (2 * r + 1)) - r;
      if (dx * dx + dy * dy < bestDistance) { bestDistance = dx * dx + dy * dy; best = this.items[id - 1]; }
    }
    return best || null;
  };

  Viewer.prototype.show = function (picked) {
    this.highlight(picked && picked.info ? picked : null);
    var panel = this.figure.querySelector('.cw-picked');
    if (!panel) return;
    panel.textContent = '';
    if (!picked) { panel.textContent = 'Nothing there. Click a track, a column or a marker.'; this.requestRender(); return; }
    var title = document.createElement('strong');
    title.textContent = picked.name;
    panel.appendChild(title);
    var table = document.createElement('table');
    Object.keys(picked.info).forEach(function (key) {
      var row = table.insertRow();
      row.insertCell().textContent = key.replace(/_/g, ' ');
      var value = picked.info[key];
      row.insertCell().textContent = Array.isArray(value) ? value.join(', ') : String(value);
    });
    panel.appendChild(table);
    this.requestRender();
  };

  Viewer.prototype.listen = function () {
    var self = this, c = this.canvas, drag = null, moved = 0, pinch = null;
    c.addEventListener('pointerdown', function (e) { drag = [e.clientX, e.clientY]; moved = 0; c.setPointerCapture(e.pointerId); });
    c.addEventListener('pointermove', function (e) {
      if (!drag || pinch) return;
      var dx = e.clientX - drag[0], dy = e.clientY - drag[1];
      moved += Math.abs(dx) + Math.abs(dy);
      drag = [e.clientX, e.clientY];
      self.yaw -= dx * 0.01;
      self.pitch = Math.max(-1.5, Math.min(1.5, self.pitch + dy * 0.01));
      self.requestRender();
    });
    c.addEventListener('pointerup', function (e) {
      if (drag && moved < 4) {
        var rect = c.getBoundingClientRect(), ratio = c.width / Math.max(1, rect.width);
        self.show(self.pickAt((e.clientX - rect.left) * ratio, (e.clientY - rect.top) * ratio));
      }
      drag = null;
    });
    c.addEventListener('wheel', function (e) {
      e.preventDefault();
      self.zoom(e.deltaY > 0 ? 1.1 : 1 / 1.1);
    }, { passive: false });
    c.addEventListener('touchmove', function (e) {
      if (e.touches.length !== 2) { pinch = null; return; }
      var d = Math.hypot(e.touches[0].clientX - e.touches[1].clientX, e.touches[0].clientY - e.touches[1].clientY);
      if (pinch) self.zoom(pinch / d);
      pinch = d;
    }, { passive: true });
    c.addEventListener('touchend', function () { pinch = null; });
    c.addEventListener('keydown', function (e) {
      var keys = { ArrowLeft: [0.1, 0], ArrowRight: [-0.1, 0], ArrowUp: [0, 0.1], ArrowDown: [0, -0.1] };
      if (keys[e.key]) { self.yaw += keys[e.key][0]; self.pitch = Math.max(-1.5, Math.min(1.5, self.pitch + keys[e.key][1])); self.requestRender(); e.preventDefault(); }
      if (e.key === '+' || e.key === '=') self.zoom(1 / 1.1);
      if (e.key === '-') self.zoom(1.1);
    });
    window.addEventListener('resize', function () { self.requestRender(); });
  };

  Viewer.prototype.zoom = function (factor) {
    this.distance = Math.max(this.radius * 0.2, Math.min(this.radius * 20, this.distance * factor));
    this.requestRender();
  };

  // Pixels that differ from the background: the page's proof that the canvas drew.
  Viewer.prototype.drawnPixels = function () {
    var gl = this.gl, c = this.canvas, px = new Uint8Array(c.width * c.height * 4), n = 0;
    gl.readPixels(0, 0, c.width, c.height, gl.RGBA, gl.UNSIGNED_BYTE, px);
    for (var i = 0; i < px.length; i += 4) {
      if (Math.abs(px[i] - 244) > 6 || Math.abs(px[i + 1] - 245) > 6 || Math.abs(px[i + 2] - 247) > 6) n++;
    }
    return n;
  };

  // Frame times of `frames` redraws while the scene turns, each finished (a 1-pixel read waits
  // for the GPU) before the next: the time a frame costs, measured back to back so that a
  // headless browser's frame pacing does not hide it.
  Viewer.prototype.measure = function (frames) {
    var times = [], one = new Uint8Array(4);
    for (var i = 0; i < frames; i++) {
      var t0 = performance.now();
      this.yaw += 0.01;
      this.render();
      this.gl.readPixels(0, 0, 1, 1, this.gl.RGBA, this.gl.UNSIGNED_BYTE, one);
      times.push(performance.now() - t0);
    }
    return times;
  };

  // WebXR: AR at real scale for goods and designs, VR for data scenes; the button appears only
  // where the browser offers the session.
  Viewer.prototype.offerXr = function () {
    var self = this, button = this.figure.querySelector('.cw-xr');
    if (!button || !navigator.xr || !navigator.xr.isSessionSupported) return;
    var mode = this.realScale ? 'immersive-ar' : 'immersive-vr';
    navigator.xr.isSessionSupported(mode).then(function (ok) {
      if (!ok) return;
      button.hidden = false;
      button.textContent = self.realScale ? 'View in AR (real size)' : 'View in VR';
      button.addEventListener('click', function () { self.startXr(mode); });
    }).catch(function () {});
  };

  Viewer.prototype.startXr = function (mode) {
    var self = this, gl = this.gl;
    navigator.xr.requestSession(mode, { optionalFeatures: ['local-floor', 'hit-test'] }).then(function (session) {
      return gl.makeXRCompatible().then(function () {
        session.updateRenderState({ baseLayer: new XRWebGLLayer(session, gl) });
        return session.requestReferenceSpace('local').then(function (space) {
          // real scale: the model's metres, 1.2 m ahead and below the eyes; a data scene fitted
          // into a 1.5 m cube at the same place
          var s = self.realScale ? 1 : 0.75 / self.radius;
          var place = [0, -0.5, -1.2];
          var model = multiply(translateScale(place, s), translateScale([-self.centre[0], -self.centre[1], -self.centre[2]], 1));
          session.addEventListener('select', function (e) {
            if (!self.hitSource) return;
            var hits = e.frame.getHitTestResults(self.hitSource);
            if (hits.length) {
              var p = hits[0].getPose(space).transform.position;
              model = multiply(translateScale([p.x, p.y - self.bounds.min[1] * s + self.centre[1] * s, p.z], s),
                translateScale([-self.centre[0], -self.centre[1], -self.centre[2]], 1));
            }
          });
          if (session.requestHitTestSource) {
            session.requestReferenceSpace('viewer').then(function (viewerSpace) {
              return session.requestHitTestSource({ space: viewerSpace });
            }).then(function (source) { self.hitSource = source; }).catch(function () {});
          }
          function onFrame(t, frame) {
            session.requestAnimationFrame(onFrame);
            var pose = frame.getViewerPose(space);
            if (!pose) return;
            var layer = session.renderState.baseLayer;
            gl.bindFramebuffer(gl.FRAMEBUFFER, layer.framebuffer);
            gl.clearColor(0, 0, 0, mode === 'immersive-ar' ? 0 : 1);
            gl.clear(gl.COLOR_BUFFER_BIT | gl.DEPTH_BUFFER_BIT);
            pose.views.forEach(function (view) {
              var vp = layer.getViewport(view);
              gl.viewport(vp.x, vp.y, vp.width, vp.height);
              self.draw(multiply(view.projectionMatrix, multiply(view.transform.inverse.matrix, model)), false);
            });
          }
          session.requestAnimationFrame(onFrame);
          session.addEventListener('end', function () { self.hitSource = null; self.requestRender(); });
        });
      });
    }).catch(function (e) { status.errors.push('WebXR: ' + e.message); });
  };

  // For the tests: picks the first pickable object at the screen point of its centre and
  // records what was picked (`data-picked`).
  function pickTest(viewer, figure) {
    var target = null;
    viewer.items.forEach(function (d) { if (!target && d.info) target = d; });
    if (!target) return;
    var c = viewer.canvas, p = target.positions, mid = [0, 0, 0];
    var n = p.length / 3;
    for (var i = 0; i < p.length; i += 3) { mid[0] += p[i] / n; mid[1] += p[i + 1] / n; mid[2] += p[i + 2] / n; }
    var m = multiply(viewer.projection(c.width, c.height), viewer.view());
    var x = m[0] * mid[0] + m[4] * mid[1] + m[8] * mid[2] + m[12];
    var y = m[1] * mid[0] + m[5] * mid[1] + m[9] * mid[2] + m[13];
    var w = m[3] * mid[0] + m[7] * mid[1] + m[11] * mid[2] + m[15];
    var picked = viewer.pickAt((x / w + 1) / 2 * c.width, (1 - y / w) / 2 * c.height);
    viewer.show(picked);
    figure.setAttribute('data-picked', picked ? picked.name : '');
  }

  function start(figure) {
    var record = { id: figure.id, state: 'no-webgl' };
    status.views.push(record);
    try {
      var viewer = new Viewer(figure);
      figure.classList.add('cw-live');
      viewer.render();
      record.state = 'drawn';
      record.objects = viewer.items.length;
      record.pixels = viewer.drawnPixels();
      figure.setAttribute('data-drawn-pixels', String(record.pixels));
      if (viewer.renderer) figure.setAttribute('data-renderer', viewer.renderer);
      viewer.offerXr();
      record.viewer = viewer;
      if (location.hash === '#pick-test') pickTest(viewer, figure);
      if (location.hash === '#measure') {
        var times = viewer.measure(120);
        var sorted = times.slice().sort(function (a, b) { return a - b; });
        var mean = times.reduce(function (a, b) { return a + b; }, 0) / times.length;
        figure.setAttribute('data-frame-ms', mean.toFixed(2) + ' ' + sorted[Math.floor(times.length * 0.95)].toFixed(2));
      }
    } catch (e) {
      record.state = 'fallback';
      record.reason = String(e && e.message || e);
      figure.setAttribute('data-fallback', record.reason);
    }
    figure.setAttribute('data-viewer', record.state);
  }

  function startAll() {
    Array.prototype.forEach.call(document.querySelectorAll('figure.cw-scene'), start);
    var entries = performance.getEntriesByType ? performance.getEntriesByType('resource').length : 0;
    document.body.setAttribute('data-resources-loaded', String(entries));
    document.body.setAttribute('data-csp-violations', status.refused ? String(status.refused.length) : 'uncounted');
    document.body.setAttribute('data-viewer', 'ready');
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', startAll); else startAll();
})();
