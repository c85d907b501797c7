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
      // An identity filled from a candidate says so: the server then checks the page shows that patient.
      const identity = identitySource.value === 'candidate' ? { source: 'candidate' } : undefined;
      if (action === 'approve') done = (await saveChanged()) && (await call('POST', '/approve', { identity, resolutions: resolutions() }));
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

  // Candidate patients: listed from the index through the API (each listing audited with the
  // patients shown), built with textContent so nothing from the index becomes markup. "Use this
  // patient" fills the identity inputs from the index entry, only while this reviewer holds the item;
  // typing in any of them afterwards makes the identity the reviewer's own again.
  const identitySource = document.getElementById('identity-source');
  const fromCandidate = document.getElementById('from-candidate');
  const identityInputs = ['nhsNumber', 'given', 'family', 'mrn', 'birthDate-day', 'birthDate-month', 'birthDate-year'].map((id) => document.getElementById(id));
  for (const input of identityInputs) {
    input.addEventListener('input', () => {
      identitySource.value = '';
      fromCandidate.hidden = true;
    });
  }
  const panel = document.getElementById('candidates');
  if (panel) {
    const status = document.getElementById('candidates-status');
    const table = document.getElementById('candidates-table');
    const rows = document.getElementById('candidates-rows');
    const editable = panel.dataset.editable === 'yes';
    const ON_PAGE = { nhsNumber: 'NHS number', family: 'family name', given: 'first name', birthDate: 'date of birth', mrn: 'hospital number' };
    const FOUND_BY = { mrn: 'hospital number', 'name-and-birth-date': 'name and date of birth' };
    const ukDate = (iso) => {
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
      return match ? match[3] + '/' + match[2] + '/' + match[1] : 'not held';
    };
    const nameOf = (candidate) => [...candidate.given, candidate.family].join(' ');
    const cell = (text) => {
      const td = document.createElement('td');
      td.className = 'nhsuk-table__cell';
      td.textContent = text;
      return td;
    };
    const use = (candidate) => {
      const set = (id, value) => {
        document.getElementById(id).value = value;
      };
      const [year = '', month = '', day = ''] = candidate.birthDate.split('-');
      set('nhsNumber', candidate.nhsNumber);
      set('given', candidate.given.join(' '));
      set('family', candidate.family);
      set('birthDate-day', day);
      set('birthDate-month', month);
      set('birthDate-year', year);
      // A hospital number only when the index found them by one; never one left from another patient.
      set('mrn', candidate.matchedBy.includes('mrn') ? candidate.mrns[0] || '' : '');
      identitySource.value = 'candidate';
      identitySource.dataset.candidate = candidate.nhsNumber;
      document.getElementById('from-candidate-text').textContent =
        'Filled from the index: ' + nameOf(candidate) + '. Check these details against the page before you approve: it is filed only if the page shows this patient.';
      fromCandidate.hidden = false;
      // An earlier refusal was about the identity just replaced.
      problem.hidden = true;
      document.getElementById('nhsNumber').focus();
    };
    const list = async (query) => {
      status.textContent = 'Looking up candidates…';
      const response = await fetch(base + '/candidates' + (query ? '?' + query : ''));
      const answer = await response.json().catch(() => ({}));
      rows.replaceChildren();
      if (!response.ok) {
        table.hidden = true;
        status.textContent = 'The index could not be searched: ' + (answer.detail || response.statusText);
        return;
      }
      for (const candidate of answer.candidates) {
        const row = document.createElement('tr');
        row.className = 'nhsuk-table__row';
        row.dataset.candidate = candidate.nhsNumber;
        const shown = candidate.onPage.map((part) => ON_PAGE[part]);
        row.append(
          cell(nameOf(candidate)),
          cell(candidate.nhsNumber.replace(/^(\d{3})(\d{3})(\d{4})$/, '$1 $2 $3')),
          cell(ukDate(candidate.birthDate)),
          cell(candidate.mrns.join(', ') || 'none'),
          cell(candidate.matchedBy.map((how) => FOUND_BY[how]).join(', ')),
          cell(shown.length > 0 ? shown.join(', ') : 'none of their details'),
        );
        const action = cell('');
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0';
        button.textContent = 'Use this patient';
        const who = document.createElement('span');
        who.className = 'nhsuk-u-visually-hidden';
        who.textContent = ' ' + nameOf(candidate);
        button.append(who);
        button.disabled = !editable;
        button.addEventListener('click', () => use(candidate));
        action.append(button);
        row.append(action);
        rows.append(row);
      }
      table.hidden = answer.candidates.length === 0;
      const count = answer.candidates.length;
      if (count === 0) status.textContent = answer.reason ? 'No candidates: ' + answer.reason + '.' : 'The index holds nobody with those details.';
      else status.textContent = (count === 1 ? '1 candidate patient' : count + ' candidate patients') + (editable ? '.' : '. Claim the item to use one.');
    };
    document.getElementById('candidate-search').addEventListener('submit', (event) => {
      event.preventDefault();
      const query = new URLSearchParams();
      for (const [id, name] of [['candidate-mrn', 'mrn'], ['candidate-family', 'family'], ['candidate-birth-date', 'birthDate']]) {
        const typed = document.getElementById(id).value.trim();
        if (typed) query.set(name, typed);
      }
      if (query.has('family') !== query.has('birthDate')) {
        status.textContent = 'Give the family name and the date of birth together.';
        return;
      }
      list(query.toString());
    });
    list('');
  }

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
