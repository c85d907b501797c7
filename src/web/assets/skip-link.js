// The skip link on every page. <main> cannot take focus by itself, so following the link alone
// moves the page but leaves focus behind (on the link, or nowhere): the next Tab would not start in
// the main content. Here main takes focus for as long as it holds it (tabindex="-1" only until it
// loses focus, so a click in the page never focuses the whole of main), as nhsuk-frontend's own
// skip link script does.
document.addEventListener('click', (event) => {
  const link = event.target.closest('.nhsuk-skip-link');
  const main = link && document.getElementById('maincontent');
  if (!main) return;
  event.preventDefault();
  main.setAttribute('tabindex', '-1');
  main.addEventListener('blur', () => main.removeAttribute('tabindex'), { once: true });
  main.focus();
});
