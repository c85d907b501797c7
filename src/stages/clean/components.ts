import type { BinaryImage } from './grey-image.ts';

/** One 8-connected blob of ink, with what the cleaning rules need to judge it. */
export interface Component {
  label: number;
  area: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  touchesEdge: boolean;
}

/**
 * Labels 8-connected ink components with an explicit stack (no recursion, so a page-sized
 * border cannot overflow the call stack). Returns the label per pixel (0 = paper) and stats.
 */
export function labelComponents(binary: BinaryImage): { labels: Int32Array; components: Component[] } {
  const { width, height, data } = binary;
  const labels = new Int32Array(width * height);
  const components: Component[] = [];
  const stack = new Int32Array(width * height);
  let nextLabel = 1;
  for (let start = 0; start < data.length; start++) {
    if (data[start] === 0 || labels[start] !== 0) continue;
    const component: Component = {
      label: nextLabel,
      area: 0,
      x0: width,
      y0: height,
      x1: 0,
      y1: 0,
      touchesEdge: false,
    };
    let top = 0;
    stack[top++] = start;
    labels[start] = nextLabel;
    while (top > 0) {
      const index = stack[--top];
      const x = index % width;
      const y = (index - x) / width;
      component.area++;
      if (x < component.x0) component.x0 = x;
      if (x > component.x1) component.x1 = x;
      if (y < component.y0) component.y0 = y;
      if (y > component.y1) component.y1 = y;
      if (x === 0 || y === 0 || x === width - 1 || y === height - 1) component.touchesEdge = true;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const neighbour = ny * width + nx;
          if (data[neighbour] === 1 && labels[neighbour] === 0) {
            labels[neighbour] = nextLabel;
            stack[top++] = neighbour;
          }
        }
      }
    }
    component.x1 += 1;
    component.y1 += 1;
    components.push(component);
    nextLabel++;
  }
  return { labels, components };
}
