// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, expect, test } from 'vitest';
import { enCore } from './en';
import { formatMessage, I18nProvider, useI18n } from './i18n';
import { jaCore } from './ja';

beforeEach(() => {
  localStorage.clear();
});

function Probe() {
  const { t, setLanguage, formatDateTime } = useI18n();
  return (
    <>
      <p>{t('tab.configured')}</p>
      <p data-testid="date">{formatDateTime('2026-11-30T09:00:00Z')}</p>
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

test('placeholders are filled, unknown ones are left visible', () => {
  expect(formatMessage(enCore['command.enable'], { count: 2 })).toBe('Enable JIT on 2 VMs');
  expect(formatMessage('Hello {who}', {})).toBe('Hello {who}');
});

test('Japanese uses the seed terms and is remembered', async () => {
  expect(jaCore['tab.configured']).toBe('構成済み');
  expect(jaCore['tab.recommended']).toBe('推奨');
  expect(jaCore['tab.notRecommended']).toBe('推奨なし');
  expect(jaCore['command.requestAccess']).toBe('アクセス権の要求');
  render(
    <I18nProvider>
      <Probe />
    </I18nProvider>,
  );
  expect(screen.getByText('Configured')).toBeInTheDocument();
  await userEvent.click(screen.getByRole('button', { name: 'ja' }));
  expect(await screen.findByText('構成済み')).toBeInTheDocument();
  expect(localStorage.getItem('jit.language')).toBe('ja');
  expect(document.documentElement.lang).toBe('ja');
});

test('dates show the time zone', () => {
  render(
    <I18nProvider initialLanguage="en">
      <Probe />
    </I18nProvider>,
  );
  // jsdom runs in the machine's zone; whatever it is, its name is printed (UTC, GMT+9, JST…).
  expect(screen.getByTestId('date').textContent).toMatch(/(UTC|GMT|[A-Z]{2,5})/);
});
