// The sign-in form posts JSON, like every other change in Recto, then goes where the person was heading.
const form = document.getElementById('sign-in');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const problem = document.getElementById('problem');
  const response = await fetch('/auth/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: form.elements.name.value.trim(), password: form.elements.password.value }),
  });
  if (response.ok) {
    location.assign(form.dataset.returnTo || '/');
    return;
  }
  const body = await response.json().catch(() => ({}));
  document.getElementById('problem-text').textContent = (body.detail || response.statusText) + (body.hint ? ' ' + body.hint : '');
  problem.hidden = false;
  problem.focus();
});
