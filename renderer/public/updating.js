// The updating window's one script (the CSP forbids inline ones): the main
// process names the step under way in the address's fragment
// (updating.html#packing), and this shows it. Only known steps are shown.
/* global document, location, window */
(function () {
  var STEPS = {
    copying: 'Making a safety copy first.',
    packing: 'Packing the safety copy.',
    updating: 'Updating your library now.',
  };
  function show() {
    var step = location.hash.slice(1);
    var text = Object.prototype.hasOwnProperty.call(STEPS, step) ? STEPS[step] : STEPS.copying;
    var line = document.getElementById('phase');
    if (line) line.textContent = text;
    document.title = 'Updating Broadsheet — ' + text.replace(/\.$/, '');
  }
  window.addEventListener('hashchange', show);
  show();
})();
