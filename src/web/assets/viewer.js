// The document viewer: places the boxes of the words found (their places come as data
// attributes, as percentages of the page: the CSP allows no style attributes) and works the zoom
// buttons. Without script the page still shows every image, its text with the words marked,
// and the PDF/A; only the boxes and the zoom need it.
(() => {
  for (const box of document.querySelectorAll('.recto-hit-box')) {
    for (const side of ['left', 'top', 'width', 'height']) box.style[side] = box.dataset[side] + '%';
  }
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
