// Sign-out from any page: a JSON POST (state changes take JSON only), then the sign-in page.
document.addEventListener('click', async (event) => {
  if (!event.target.closest('#sign-out')) return;
  await fetch('/auth/sign-out', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  location.assign('/sign-in');
});
