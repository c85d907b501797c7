// The document viewer: places the boxes of the words found (their places come as data
// attributes, as percentages of the page: the CSP allows no style attributes), works the zoom
// buttons, and takes keyboard focus to the page a thumbnail goes to. Without script the page
// still shows every image, its text with the words marked, and the PDF/A; the thumbnails are
// still links to each page.
(() => {
  for (const box of document.querySelectorAll('.recto-hit-box')) {
    for (const side of ['left', 'top', 'width', 'height']) box.style[side] = box.dataset[side] + '%';
  }

  // A page's image region takes focus (it scrolls with the arrow keys when zoomed). Following a
  // "#page-2" link alone only scrolls: focus would stay on the thumbnail, or fall to the page.
  const pageImage = (hash) => (/^#page-\d+$/.test(hash) ? document.getElementById(hash.slice(1) + '-image') : null);
  const goToPage = (hash) => {
    const image = pageImage(hash);
    if (!image) return false;
    document.getElementById(hash.slice(1)).scrollIntoView();
    image.focus({ preventScroll: true });
    return true;
  };
  const thumbnails = document.querySelector('.recto-thumbnails');
  const links = thumbnails ? [...thumbnails.querySelectorAll('a[href^="#page-"]')] : [];
  thumbnails?.addEventListener('click', (event) => {
    const link = event.target.closest('a[href^="#page-"]');
    if (!link || !pageImage(link.hash)) return;
    event.preventDefault();
    if (location.hash !== link.hash) history.pushState(null, '', link.hash);
    goToPage(link.hash);
  });
  // The arrow keys (and Home, End) move between the thumbnails, as between the pages of a book.
  thumbnails?.addEventListener('keydown', (event) => {
    const at = links.indexOf(event.target.closest('a'));
    if (at < 0 || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const to = { ArrowLeft: at - 1, ArrowUp: at - 1, ArrowRight: at + 1, ArrowDown: at + 1, Home: 0, End: links.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    links[Math.max(0, Math.min(links.length - 1, to))].focus();
  });
  if (links.length > 0) thumbnails.querySelector('.recto-thumbnails__keys').hidden = false;
  // Back and Forward between pages, and a link from the search results to a page, land there too.
  addEventListener('popstate', () => goToPage(location.hash));
  // The browser's own scroll to the address's #page-N comes as the page loads, and takes focus
  // back to the page (the section cannot hold it): go there once loaded, unless the person has
  // already moved on.
  const arrived = () => {
    const active = document.activeElement;
    if (!active || active === document.body || active === pageImage(location.hash)) goToPage(location.hash);
  };
  if (document.readyState === 'complete') arrived();
  else addEventListener('load', arrived, { once: true });

  const zoom = document.getElementById('zoom');
  if (!zoom) return;
  // Widths of the page as a share of its column: the boxes are percentages, so they follow.
  const LEVELS = [50, 75, 100, 150, 200, 300];
  let level = LEVELS.indexOf(100);
  const apply = () => {
    const percent = LEVELS[level];
    for (const figure of document.querySelectorAll('.recto-viewer__figure')) figure.style.width = percent + '%';
    document.getElementById('zoom-level').textContent = percent + ' %';
  };
  zoom.addEventListener('click', (event) => {
    const action = event.target.closest('button[data-zoom]')?.dataset.zoom;
    if (action === 'in') level = Math.min(LEVELS.length - 1, level + 1);
    else if (action === 'out') level = Math.max(0, level - 1);
    else if (action === 'fit') level = LEVELS.indexOf(100);
    else return;
    apply();
  });
  zoom.hidden = false;
})();
