import type { Locator } from '@playwright/test';

/** An element's text as the browser laid it out, a string per line (each character's top says its line). */
export function textLines(element: Locator): Promise<string[]> {
  return element.evaluate((root) => {
    const byTop = new Map<number, string>();
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < (node.textContent ?? '').length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const top = Math.round(range.getBoundingClientRect().top);
        byTop.set(top, (byTop.get(top) ?? '') + range.toString());
      }
    }
    return [...byTop.entries()].sort((a, b) => a[0] - b[0]).map(([, line]) => line);
  });
}
