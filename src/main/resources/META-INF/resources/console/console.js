// The console's few behaviours that are not requests (htmx makes those). Loaded as a file, so the
// Content-Security-Policy can forbid inline scripts; no eval, no inline handlers.
(function () {
  'use strict';

  // A field chip inserts `event.<field>` at the cursor of the condition, which is then checked again.
  document.addEventListener('click', function (e) {
    var chip = e.target.closest('[data-insert]');
    if (chip) {
      var area = document.getElementById('condition');
      if (!area || area.disabled) { return; }
      var start = area.selectionStart, end = area.selectionEnd, text = chip.getAttribute('data-insert');
      area.value = area.value.slice(0, start) + text + area.value.slice(end);
      area.focus();
      area.setSelectionRange(start + text.length, start + text.length);
      area.dispatchEvent(new Event('input', { bubbles: true }));
      return;
    }
    var remove = e.target.closest('[data-remove-action]');
    if (remove) {
      var fieldset = remove.closest('fieldset.action');
      if (fieldset) { fieldset.remove(); }
    }
  });

  // Cron and time zone belong to schedule rules, the source to webhook rules: show what the trigger takes.
  function showTriggerFields() {
    var trigger = document.getElementById('trigger');
    if (!trigger) { return; }
    document.querySelectorAll('[data-for-trigger]').forEach(function (el) {
      el.hidden = el.getAttribute('data-for-trigger') !== trigger.value;
    });
  }
  document.addEventListener('change', function (e) {
    if (e.target && e.target.id === 'trigger') { showTriggerFields(); }
  });
  document.addEventListener('htmx:afterSwap', showTriggerFields);

  // A refused request (a 4xx or 5xx htmx does not swap) is said, not swallowed.
  document.addEventListener('htmx:responseError', function (e) {
    var main = document.getElementById('main');
    if (!main) { return; }
    var box = document.getElementById('request-error') || document.createElement('p');
    box.id = 'request-error';
    box.className = 'error banner';
    box.setAttribute('role', 'alert');
    var detail = '';
    try { detail = JSON.parse(e.detail.xhr.responseText).detail || ''; } catch (ignored) { detail = ''; }
    box.textContent = 'The server refused this (' + e.detail.xhr.status + ')' + (detail ? ': ' + detail : '.');
    main.insertBefore(box, main.firstChild);
  });
}());
