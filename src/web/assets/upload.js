// The upload page: sends dropped or chosen scans to the API a few at a time, shows each one's
// progress and result, and keeps the documents table below up to date while anything is moving.
// No inline script (CSP); everything taken from a file or an answer is set as text, never markup.
(() => {
  // Three at once: a browser opens at most six connections to one host, and the table's polling
  // and the page's own requests need some; the API hashes each upload to disk (and reads a PDF or
  // TIFF whole to count its pages), so more in parallel only share the same disk and cores, while
  // a few hide each request's round trip. 200 files make 200 queued requests, never 200 open ones.
  const CONCURRENT_UPLOADS = 3;
  // Polling, not server-sent events: each poll is an ordinary audited request, works through any
  // proxy, and stops when nothing is moving. Three seconds is quick beside a page's OCR time.
  const POLL_MS = 3000;
  // When all that moves is deliveries waiting for their next try (seconds to minutes away), ask less often.
  const RETRY_POLL_MS = 15000;

  const form = document.getElementById('upload');
  const input = document.getElementById('files');
  const dropZone = document.getElementById('drop-zone');
  const uploadsSection = document.getElementById('uploads-section');
  const uploadsBody = document.querySelector('#uploads tbody');
  const summary = document.getElementById('upload-summary');
  const region = document.getElementById('documents-region');
  const liveStatus = document.getElementById('live-status');
  const filters = document.getElementById('filters');
  form.hidden = false;

  const show = (text) => {
    document.getElementById('problem-text').textContent = text;
    document.getElementById('problem').hidden = false;
  };
  // "detail. What to do: hint", the way the documents table puts an error.
  const problemText = (problem, fallback) => String(problem.detail || fallback).replace(/([^.!?])$/, '$1.') + (problem.hint ? ' What to do: ' + problem.hint : '');

  // ─── Uploads ────────────────────────────────────────────────────────────────────────────
  const waiting = [];
  const counts = { total: 0, sending: 0, accepted: 0, duplicate: 0, refused: 0, failed: 0 };
  const updateSummary = () => {
    const done = counts.accepted + counts.duplicate + counts.refused + counts.failed;
    summary.textContent =
      done + ' of ' + counts.total + ' sent: ' + counts.accepted + ' accepted, ' + counts.duplicate + ' already uploaded, ' +
      counts.refused + ' refused' + (counts.failed ? ', ' + counts.failed + ' not sent' : '') +
      (waiting.length + counts.sending ? ' (' + (waiting.length + counts.sending) + ' to go)' : '.');
  };

  const cell = (tr) => {
    const td = document.createElement('td');
    td.className = 'nhsuk-table__cell';
    tr.appendChild(td);
    return td;
  };
  const addRow = (file) => {
    const tr = document.createElement('tr');
    tr.className = 'nhsuk-table__row';
    cell(tr).textContent = file.name;
    const progress = document.createElement('progress');
    progress.max = 1;
    progress.value = 0;
    progress.setAttribute('aria-label', 'Upload of ' + file.name);
    cell(tr).appendChild(progress);
    cell(tr).textContent = 'Waiting';
    uploadsBody.appendChild(tr);
    return { tr, progress, result: tr.cells[2] };
  };
  const documentLink = (id, text) => {
    const link = document.createElement('a');
    link.className = 'nhsuk-link';
    link.href = '#doc-' + id;
    link.textContent = text;
    return link;
  };
  const setResult = (entry, text, link) => {
    entry.result.textContent = text;
    if (link) entry.result.append(' ', link);
  };

  const send = (entry) =>
    new Promise((resolve) => {
      const body = new FormData();
      if (form.elements.source.value) body.append('source', form.elements.source.value);
      body.append('file', entry.file, entry.file.name);
      const xhr = new XMLHttpRequest();
      xhr.open('POST', '/v1/documents');
      xhr.responseType = 'json';
      xhr.upload.addEventListener('progress', (event) => {
        if (event.lengthComputable) entry.progress.value = event.loaded / event.total;
      });
      xhr.addEventListener('load', () => {
        const answer = xhr.response || {};
        entry.progress.value = 1;
        if (xhr.status === 202) {
          counts.accepted++;
          setResult(entry, 'Accepted.', documentLink(answer.id, 'See its progress'));
        } else if (xhr.status === 200 && answer.duplicate) {
          counts.duplicate++;
          setResult(entry, 'Already uploaded: the same file as an earlier upload.', documentLink(answer.id, 'See that document'));
        } else {
          counts.refused++;
          setResult(entry, 'Refused: ' + problemText(answer, 'the server answered ' + xhr.status + '.'));
          entry.tr.classList.add('recto-refused');
        }
        resolve();
      });
      // Nothing lost: a file the network dropped keeps its row and can be sent again.
      xhr.addEventListener('error', () => {
        counts.failed++;
        setResult(entry, 'Not sent: the connection failed.');
        const again = document.createElement('button');
        again.type = 'button';
        again.className = 'nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0';
        again.textContent = 'Send again';
        again.addEventListener('click', () => {
          counts.failed--;
          again.remove();
          enqueue(entry);
        });
        entry.result.append(' ', again);
        resolve();
      });
      entry.result.textContent = 'Sending';
      xhr.send(body);
    });

  const pump = () => {
    while (counts.sending < CONCURRENT_UPLOADS && waiting.length > 0) {
      const entry = waiting.shift();
      counts.sending++;
      send(entry).then(() => {
        counts.sending--;
        updateSummary();
        poll.soon();
        pump();
      });
    }
    updateSummary();
  };
  const enqueue = (entry) => {
    entry.result.textContent = 'Waiting';
    entry.progress.value = 0;
    waiting.push(entry);
    pump();
  };
  const addFiles = (files) => {
    if (files.length === 0) return;
    uploadsSection.hidden = false;
    for (const file of files) {
      counts.total++;
      enqueue({ file, ...addRow(file) });
    }
  };

  input.addEventListener('change', () => {
    addFiles([...input.files]);
    input.value = '';
  });
  form.addEventListener('submit', (event) => event.preventDefault());
  // Files dropped anywhere on the page are uploaded (a browser would otherwise open the scan and leave the page).
  const dragging = (on) => dropZone.classList.toggle('recto-drop-zone--over', on);
  document.addEventListener('dragover', (event) => {
    if (!event.dataTransfer || ![...event.dataTransfer.types].includes('Files')) return;
    event.preventDefault();
    dragging(true);
  });
  document.addEventListener('dragleave', (event) => {
    if (!event.relatedTarget) dragging(false);
  });
  document.addEventListener('drop', (event) => {
    if (!event.dataTransfer || event.dataTransfer.files.length === 0) return;
    event.preventDefault();
    dragging(false);
    addFiles([...event.dataTransfer.files]);
  });
  window.addEventListener('beforeunload', (event) => {
    if (waiting.length + counts.sending > 0) event.preventDefault();
  });

  // ─── The documents table, kept live ────────────────────────────────────────────────────
  const poll = (() => {
    let timer = null;
    let running = false;
    // Asked again while a refresh was under way (an upload just answered): its answer may predate that, so refresh once more.
    let again = false;
    const refresh = async () => {
      timer = null;
      if (running) {
        again = true;
        return;
      }
      running = true;
      again = false;
      try {
        const response = await fetch('/upload/documents' + location.search, { headers: { accept: 'text/html' } });
        if (!response.ok) {
          liveStatus.textContent = response.status === 401 ? 'Updates stopped: sign in again to see the latest.' : 'Updates stopped: the server answered ' + response.status + '.';
          return;
        }
        // The table is rendered by the server (every value escaped there), as on first load.
        const template = document.createElement('template');
        template.innerHTML = await response.text();
        region.replaceChildren(template.content);
        const list = document.getElementById('documents-list');
        const moving = Number(list ? list.dataset.inFlight : 0);
        liveStatus.textContent = moving > 0 ? 'Updating: ' + moving + ' in progress.' : 'Up to date.';
        const onlyRetrying = moving > 0 && Number(list.dataset.onlyRetrying) === moving;
        if (waiting.length + counts.sending > 0 || (moving > 0 && !onlyRetrying)) schedule(POLL_MS);
        else if (onlyRetrying) schedule(RETRY_POLL_MS);
      } catch {
        liveStatus.textContent = 'Updates paused: the server did not answer. Trying again.';
        schedule(POLL_MS * 3);
      } finally {
        running = false;
        if (again) schedule(0);
      }
    };
    const schedule = (ms) => {
      if (timer === null && !document.hidden) timer = setTimeout(refresh, ms);
    };
    // Nobody watching: no polling, and so no audit events for a page left open in a background tab.
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden) schedule(0);
    });
    return { soon: () => schedule(500), start: (ms) => schedule(ms) };
  })();
  const list = document.getElementById('documents-list');
  if (list && Number(list.dataset.inFlight) > 0) poll.start(Number(list.dataset.onlyRetrying) === Number(list.dataset.inFlight) ? RETRY_POLL_MS : POLL_MS);

  // Filtering re-draws the table in place, so uploads under way carry on.
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = new URLSearchParams();
    for (const [name, value] of new FormData(filters)) if (value) query.set(name, value);
    const text = query.toString();
    history.replaceState(null, '', '/upload' + (text ? '?' + text : ''));
    poll.soon();
  });

  // Retry re-runs a failed capture, Re-file a failed filing; both take JSON, as every change does.
  region.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-retry], button[data-refile]');
    if (!button) return;
    button.disabled = true;
    const id = button.dataset.retry || button.dataset.refile;
    const action = button.dataset.retry ? '/retry' : '/refile';
    const response = await fetch('/v1/documents/' + encodeURIComponent(id) + action, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    if (!response.ok) {
      button.disabled = false;
      show(problemText(await response.json().catch(() => ({})), response.statusText));
    }
    poll.soon();
  });
})();
