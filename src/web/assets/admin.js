// Token creation and revocation through the admin API (JSON, same origin, as the signed-in admin).
(() => {
  const show = (text) => {
    document.getElementById('problem-text').textContent = text;
    document.getElementById('problem').hidden = false;
  };
  const send = async (path, body) => {
    const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) show((answer.detail || response.statusText) + (answer.hint ? ' ' + answer.hint : ''));
    return response.ok ? answer : undefined;
  };
  document.getElementById('new-token').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    const answer = await send('/v1/admin/tokens', { name: form.elements.name.value.trim(), roles: [form.elements.role.value] });
    if (!answer) return;
    document.getElementById('token-secret').textContent = answer.token;
    document.getElementById('new-token-value').hidden = false;
  });
  document.addEventListener('click', async (event) => {
    const id = event.target.closest('button[data-revoke]')?.dataset.revoke;
    if (id && (await send('/v1/admin/tokens/' + encodeURIComponent(id) + '/revoke', {}))) location.reload();
  });
})();
