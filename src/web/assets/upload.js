// Uploads each chosen scan (multipart, as the API takes it), then follows it until it is
// captured and, where filing is configured, filed, sent to review or failed.
(() => {
  const form = document.getElementById('upload');
  const table = document.querySelector('#documents tbody');
  const COLUMNS = { status: 1, filing: 2, pages: 3, problem: 4, action: 5 };
  const show = (text) => {
    document.getElementById('problem-text').textContent = text;
    document.getElementById('problem').hidden = false;
  };
  const row = (name) => {
    const tr = document.createElement('tr');
    tr.className = 'nhsuk-table__row';
    for (let i = 0; i <= COLUMNS.action; i++) {
      const td = document.createElement('td');
      td.className = 'nhsuk-table__cell';
      tr.appendChild(td);
    }
    tr.cells[0].textContent = name;
    table.prepend(tr);
    return tr;
  };
  // Still moving: capture not finished, or filing queued and not yet decided.
  const settled = (document) =>
    (document.status === 'done' && (!document.filing || document.filing.status !== 'pending')) || document.status === 'failed';
  const follow = async (tr, id) => {
    for (;;) {
      const response = await fetch('/v1/documents/' + encodeURIComponent(id));
      const document = await response.json();
      tr.cells[COLUMNS.status].textContent = document.status || response.status;
      tr.cells[COLUMNS.filing].textContent = document.filing ? document.filing.status : '';
      tr.cells[COLUMNS.pages].textContent = document.pageCount ?? '';
      const error = document.error || (document.filing && document.filing.error);
      tr.cells[COLUMNS.problem].textContent = error ? error.code + ': ' + error.hint : '';
      tr.cells[COLUMNS.action].textContent = '';
      if (!response.ok || settled(document)) return;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const file of form.elements.files.files) {
      const tr = row(file.name);
      tr.cells[COLUMNS.status].textContent = 'uploading';
      const body = new FormData();
      if (form.elements.source.value) body.append('source', form.elements.source.value);
      body.append('file', file, file.name);
      const response = await fetch('/v1/documents', { method: 'POST', body });
      const answer = await response.json().catch(() => ({}));
      if (!response.ok) {
        tr.cells[COLUMNS.status].textContent = 'refused';
        tr.cells[COLUMNS.problem].textContent = (answer.detail || response.statusText) + (answer.hint ? ' ' + answer.hint : '');
        continue;
      }
      tr.dataset.documentId = answer.id;
      follow(tr, answer.id);
    }
  });
  // Retry re-runs a failed capture, Re-file a failed filing; both take JSON, as every change does.
  document.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-retry], button[data-refile]');
    if (!button) return;
    const id = button.dataset.retry || button.dataset.refile;
    const action = button.dataset.retry ? '/retry' : '/refile';
    const response = await fetch('/v1/documents/' + encodeURIComponent(id) + action, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      show((problem.detail || response.statusText) + (problem.hint ? ' ' + problem.hint : ''));
      return;
    }
    follow(button.closest('tr'), id);
  });
})();
