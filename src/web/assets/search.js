// The search page is a plain GET form: each search loads the page afresh with focus at its top,
// a long form away from what the search answered. Focus goes to that instead: the error summary
// (whose links then lead to the boxes), the results, or the notice saying what else to give.
(() => {
  const answer = document.querySelector('.nhsuk-error-summary') ?? document.getElementById('results-heading') ?? document.getElementById('search-notice');
  answer?.focus();
  // An error summary link focuses its box (following "#dobDay" alone only scrolls there) and shows
  // the box's question above it, as nhsuk-frontend's error summary script does.
  document.querySelector('.nhsuk-error-summary')?.addEventListener('click', (event) => {
    const link = event.target.closest('a[href^="#"]');
    const box = link && document.getElementById(link.hash.slice(1));
    if (!box) return;
    event.preventDefault();
    (box.closest('fieldset') ?? box.closest('.nhsuk-form-group') ?? box).scrollIntoView();
    box.focus({ preventScroll: true });
  });
})();
