// Runs first, from the page's head: a refusal by the page's policy is reported while the page is
// parsed, before the viewer's script at the end of the body exists, so the count starts here.
(function () {
  'use strict';
  var refused = window.clearwayRefused = [];
  document.addEventListener('securitypolicyviolation', function (e) {
    refused.push(e.blockedURI + ' (' + e.effectiveDirective + ')');
    if (document.body) document.body.setAttribute('data-csp-violations', String(refused.length));
  });
})();
