// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { expect, test, vi } from 'vitest';
import { I18nProvider, loadMessages, useI18n } from './i18n';

// The Japanese panes part arrives only when the test opens this gate, so the test can look at the
// screen while the Japanese core is loaded and its panes part is not.
const gate = vi.hoisted(() => {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open: () => open() };
});

vi.mock('./ja-panes', async (importOriginal) => {
  await gate.opened;
  return importOriginal();
});

function Probe() {
  const { t, setLanguage, language } = useI18n();
  return (
    <>
      <p data-testid="language">{language}</p>
      <p data-testid="core">{t('tab.configured')}</p>
      <p data-testid="pane">{t('pane.remove.confirm')}</p>
      <p data-testid="activity">{t('activity.title')}</p>
      <button
        onClick={() => {
          setLanguage('ja');
        }}
      >
        ja
      </button>
    </>
  );
}

test('the panes and activity parts load on demand, and a language shows only once every part requested so far has arrived', async () => {
  render(
    <I18nProvider initialLanguage="en">
      <Probe />
    </I18nProvider>,
  );
  expect(screen.getByTestId('core').textContent).toBe('Configured');
  // Not in the initial catalogue (the app renders a pane only after its part has loaded).
  expect(screen.getByTestId('pane').textContent).toBe('pane.remove.confirm');
  await loadMessages('panes');
  expect(await screen.findByText('Remove')).toBeInTheDocument();

  await userEvent.click(screen.getByRole('button', { name: 'ja' }));
  // The Japanese core can arrive first; the screen stays English until the panes part is there too.
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(screen.getByTestId('language').textContent).toBe('en');
  expect(screen.getByTestId('core').textContent).toBe('Configured');
  expect(screen.getByTestId('pane').textContent).toBe('Remove');

  gate.open();
  expect(await screen.findByText('削除')).toBeInTheDocument();
  expect(screen.getByTestId('core').textContent).toBe('構成済み');
  expect(document.documentElement.lang).toBe('ja');

  // A part requested later loads in the language shown before its screen renders.
  expect(screen.getByTestId('activity').textContent).toBe('activity.title');
  await loadMessages('activity');
  expect(await screen.findByText('アクティビティ ログ')).toBeInTheDocument();
});
