/** A modal question for destructive actions; resolves true only on the explicit confirm button. */
import { h } from './dom.js';

export function confirmAction(title: string, body: string, confirmLabel: string): Promise<boolean> {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'confirm', 'aria-label': title });
    const done = (ok: boolean) => {
      dialog.close();
      dialog.remove();
      resolve(ok);
    };
    dialog.append(
      h('h3', {}, title),
      h('p', {}, body),
      h('div', { class: 'buttons' }, h('button', { id: 'confirm-cancel', onclick: () => done(false) }, 'Cancel'), h('button', { id: 'confirm-ok', class: 'danger', onclick: () => done(true) }, confirmLabel)),
    );
    dialog.addEventListener('cancel', () => done(false));
    document.body.append(dialog);
    dialog.showModal();
  });
}
