// Uploads each chosen scan (multipart, as the API takes it), then follows it until done or failed.
(() => {
  const form = document.getElementById('upload');
  const table = document.querySelector('#documents tbody');
  const show = (text) => {
    document.getElementById('problem-text').textContent = text;
    document.getElementById('problem').hidden = false;
  };
  const row = (name) => {
    const tr = document.createElement('tr');
    tr.className = 'nhsuk-table__row';
    for (let i = 0; i < 5; i++) {
      const td = document.createElement('td');
      td.className = 'nhsuk-table__cell';
      tr.appendChild(td);
    }
    tr.cells[0].textContent = name;
    table.prepend(tr);
    return tr;
  };
  const follow = async (tr, id) => {
    for (;;) {
      const response = await fetch('/v1/documents/' + encodeURIComponent(id));
      const document = await response.json();
      tr.cells[1].textContent = document.status || response.status;
      tr.cells[2].textContent = document.pageCount ?? '';
      if (document.error) tr.cells[3].textContent = document.error.code + ': ' + document.error.hint;
      if (document.status === 'done' || document.status === 'failed' || !response.ok) return;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const file of form.elements.files.files) {
      const tr = row(file.name);
      tr.cells[1].textContent = 'uploading';
      const body = new FormData();
      if (form.elements.source.value) body.append('source', form.elements.source.value);
      body.append('file', file, file.name);
      const response = await fetch('/v1/documents', { method: 'POST', body });
      const answer = await response.json().catch(() => ({}));
      if (!response.ok) {
        tr.cells[1].textContent = 'refused';
        tr.cells[3].textContent = (answer.detail || response.statusText) + (answer.hint ? ' ' + answer.hint : '');
        continue;
      }
      tr.dataset.documentId = answer.id;
      follow(tr, answer.id);
    }
  });
  document.addEventListener('click', async (event) => {
    const id = event.target.closest('button[data-retry]')?.dataset.retry;
    if (!id) return;
    const response = await fetch('/v1/documents/' + encodeURIComponent(id) + '/retry', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      show((problem.detail || response.statusText) + (problem.hint ? ' ' + problem.hint : ''));
      return;
    }
    follow(event.target.closest('tr'), id);
  });
})();
