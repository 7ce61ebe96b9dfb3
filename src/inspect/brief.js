// The inspection brief's form: the officer's answers as the result file `clearway inspect
// record` takes (clearway-inspection-result/1), saved as result.json. Photos are not
// uploaded anywhere: the page computes each photo's SHA-256 and names the file, and the
// officer copies the photos beside the result.
(function () {
  'use strict';
  var form = document.getElementById('cw-result');
  if (!form) return;
  var checklistText = document.getElementById('cw-checklist').textContent;
  var checklist = JSON.parse(checklistText);
  var hash = form.getAttribute('data-checklist-sha256');
  var photos = {};
  var hashing = [];

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return ('0' + b.toString(16)).slice(-2);
    }).join('');
  }

  function status(text) {
    document.getElementById('cw-result-status').textContent = text;
  }

  Array.prototype.forEach.call(document.querySelectorAll('input[type=file][data-check]'), function (input) {
    input.addEventListener('change', function () {
      var id = input.getAttribute('data-check');
      photos[id] = [];
      if (!window.crypto || !crypto.subtle) {
        status('This browser cannot hash photos here: name them in a note instead.');
        input.value = '';
        return;
      }
      Array.prototype.forEach.call(input.files, function (file) {
        hashing.push(file.arrayBuffer().then(function (bytes) { return crypto.subtle.digest('SHA-256', bytes); })
          .then(function (digest) { photos[id].push({ file: file.name, sha256: hex(digest) }); }));
      });
    });
  });

  function value(name) {
    var checked = form.querySelector('input[name="' + name + '"]:checked');
    return checked ? checked.value : null;
  }

  function result() {
    var answers = checklist.checks.map(function (c) {
      return {
        check: c.id,
        outcome: value('outcome-' + c.id),
        note: (form.querySelector('[name="note-' + c.id + '"]') || {}).value || '',
        photos: photos[c.id] || []
      };
    });
    var labels = [];
    Array.prototype.forEach.call(form.querySelectorAll('[data-label-item]'), function (row) {
      var item = Number(row.getAttribute('data-label-item'));
      // three states: an item nobody judged keeps whatever label it had
      var chosen = row.querySelector('select').value;
      var illicit = chosen === '' ? null : chosen === 'true';
      var revenue = row.querySelector('input[type=text]').value.trim();
      if (illicit !== null || revenue) {
        labels.push({ item_no: item, illicit: illicit, revenue_recovered: revenue || null });
      }
    });
    var at = form.querySelector('[name=inspected_at]').value;
    return {
      format: 'clearway-inspection-result/1',
      pack_id: checklist.pack_id,
      declaration_id: checklist.declaration_id,
      checklist: checklist,
      checklist_sha256: hash,
      inspector: form.querySelector('[name=inspector]').value,
      inspected_at: at ? new Date(at).toISOString() : '',
      answers: answers,
      labels: labels
    };
  }

  function show(text) {
    var pre = document.getElementById('result-json');
    pre.textContent = text;
    pre.hidden = false;
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    // every photo hashed before the result is written, or none would be in it
    Promise.all(hashing).then(function () {
      var r = result();
      var missing = r.answers.filter(function (a) { return !a.outcome; }).map(function (a) { return a.check; });
      var text = JSON.stringify(r, null, 2);
      show(text);
      if (missing.length) {
        status('Not answered yet: ' + missing.join(', '));
        return;
      }
      var link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      link.download = 'result.json';
      document.body.appendChild(link);
      link.click();
      link.remove();
      status('Saved result.json: copy it, with the photos beside it, to the analyst.');
    }, function (error) {
      status('A photo could not be hashed (' + error + '): choose it again.');
    });
  });

  var now = new Date();
  now.setMinutes(now.getMinutes() - now.getTimezoneOffset());
  form.querySelector('[name=inspected_at]').value = now.toISOString().slice(0, 16);

  // For the tests: every check found, one item labelled, the result shown in the page.
  if (location.hash === '#fill-test') {
    Array.prototype.forEach.call(form.querySelectorAll('input[type=radio][value=found]'), function (r) { r.checked = true; });
    form.querySelector('[name=inspector]').value = 'Officer 4711';
    var first = form.querySelector('[data-label-item]');
    if (first) {
      first.querySelector('select').value = 'true';
      first.querySelector('input[type=text]').value = '120.50';
    }
    show(JSON.stringify(result(), null, 2));
  }
})();
