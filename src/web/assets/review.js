// The review item page acts through the JSON API, as the signed-in reviewer (the session cookie);
// it carries no inline script, so the Content-Security-Policy can forbid inline script entirely.
// The patient's identity is typed by the reviewer from the page, never filled in from what OCR read.
// What the reviewer typed is never thrown away on an error: the page only reloads after a success.
(() => {
  const item = document.getElementById('review-item').dataset;
  const base = '/v1/review/' + encodeURIComponent(item.itemId);
  const problem = document.getElementById('problem');
  const show = (text) => {
    document.getElementById('problem-text').textContent = text;
    problem.hidden = false;
    problem.focus();
  };
  const call = async (method, path, body) => {
    const response = await fetch(base + path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
    if (response.ok) return true;
    const answer = await response.json().catch(() => ({}));
    // A refused entry's message already says how to enter it; the generic "malformed request" hint is for API callers.
    const hint = answer.hint && answer.code !== 'BAD_REQUEST' ? ' ' + answer.hint : '';
    show((answer.detail || response.statusText) + hint);
    return false;
  };

  // Boxes are placed from data attributes: the CSP forbids style attributes in the markup.
  for (const box of document.querySelectorAll('.recto-box')) {
    for (const side of ['left', 'top', 'width', 'height']) box.style[side] = box.dataset[side] + '%';
  }
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a[data-show-box]');
    if (!link) return;
    event.preventDefault();
    for (const lit of document.querySelectorAll('.recto-box--highlight')) lit.classList.remove('recto-box--highlight');
    const box = document.getElementById('box-' + link.dataset.showBox);
    box.classList.add('recto-box--highlight');
    box.scrollIntoView({ block: 'center' });
    box.focus({ preventScroll: true });
  });

  // Only what changed since the page was drawn is sent; emptying a saved field removes the correction.
  const changedFields = () => {
    const corrections = {};
    for (const input of document.querySelectorAll('[data-field]')) {
      const typed = input.value.trim();
      if (typed === input.dataset.saved) continue;
      const name = input.dataset.field;
      if (typed === '') corrections[name] = null;
      else if (name === 'nhsNumber') corrections[name] = typed.replace(/[\s-]+/g, '');
      else if (name === 'given') corrections[name] = typed.split(/\s+/);
      else corrections[name] = typed;
    }
    // A date input's boxes are joined day first; the server parses and checks the date.
    for (const group of document.querySelectorAll('[data-date-field]')) {
      const part = (name) => group.querySelector('[data-date-part="' + name + '"]').value.trim();
      const typed = [part('day'), part('month'), part('year')].some(Boolean) ? part('day') + '/' + part('month') + '/' + part('year') : '';
      if (typed !== group.dataset.saved) corrections[group.dataset.dateField] = typed === '' ? null : typed;
    }
    return corrections;
  };
  const saveChanged = async () => {
    const corrections = changedFields();
    if (Object.keys(corrections).length === 0) return true;
    if (!(await call('PATCH', '/fields', { corrections }))) return false;
    for (const input of document.querySelectorAll('[data-field]')) input.dataset.saved = input.value.trim();
    for (const group of document.querySelectorAll('[data-date-field]')) {
      const value = corrections[group.dataset.dateField];
      if (value !== undefined) group.dataset.saved = value ?? '';
    }
    return true;
  };
  const resolutions = () => {
    const written = {};
    for (const input of document.querySelectorAll('input[data-resolution]')) if (input.value.trim()) written[input.dataset.resolution] = input.value.trim();
    return written;
  };
  // Saving keeps the reviewer where they are (focus on Save), and says so; a decision redraws the
  // page with focus on its outcome (#outcome), so nobody is left at the top of a fresh page.
  const saved = document.getElementById('saved');
  const decided = () => {
    history.replaceState(null, '', '#outcome');
    location.reload();
  };
  document.getElementById('corrections').addEventListener('input', () => {
    saved.textContent = '';
  });
  const busy = new Set();
  const act = async (action) => {
    const button = document.querySelector('button[data-action="' + action + '"]');
    if (!button || button.disabled || busy.has(action)) return;
    busy.add(action);
    try {
      let done = false;
      if (action === 'fields') {
        const changed = Object.keys(changedFields()).length > 0;
        if (!(await saveChanged())) return;
        // The page is not redrawn, so an earlier refusal would still be showing as if it stood.
        problem.hidden = true;
        saved.textContent = changed ? 'Corrections saved.' : 'Nothing has changed since the last save.';
        return;
      }
      // The corrections are saved first, so the approval is checked on exactly what the reviewer typed.
      if (action === 'approve') done = (await saveChanged()) && (await call('POST', '/approve', { resolutions: resolutions() }));
      if (action === 'reject') done = await call('POST', '/reject', { note: document.getElementById('reject-note').value.trim() || undefined });
      if (action === 'release') {
        if (await call('POST', '/release')) location.assign('/review');
        return;
      }
      if (done) decided();
    } finally {
      busy.delete(action);
    }
  };
  document.addEventListener('click', (event) => {
    const action = event.target.closest('button[data-action]')?.dataset.action;
    if (action && action !== 'fields') act(action);
  });
  document.getElementById('corrections').addEventListener('submit', (event) => {
    event.preventDefault();
    act('fields');
  });

  // Shortcuts, never while typing: a key pressed in a field is text, not a command.
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
    if (event.target.closest('input, textarea, select, [contenteditable]')) return;
    if (event.key === 'a') act('approve');
    else if (event.key === 'r') act('reject');
    else if (event.key === 'n') location.assign(item.nextUrl);
  });

  if (location.hash === '#outcome') document.getElementById('outcome')?.focus();

  // Opening an open item claims it for the reviewer, so nothing typed can be refused for want of a claim.
  if (item.claimOnOpen === 'yes') call('POST', '/claim').then((claimed) => claimed && location.reload());
})();
