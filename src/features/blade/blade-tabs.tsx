import { memo, useRef, type KeyboardEvent } from 'react';
import { styled } from '@mui/material/styles';
import { BLADE_TABS, type BladeTab } from './blade-search';

// A light WAI-ARIA tablist in place of MUI's Tabs: MUI measures its indicator and scroll buttons
// (getBoundingClientRect, forcing layout) on every render, which was most of a tab switch on the
// large fleet. Same roles, names and ids (`<tab>-tab`, `<tab>-panel`) as before.
const List = styled('div')(({ theme }) => ({
  display: 'flex',
  borderBottom: `1px solid ${theme.palette.divider}`,
  padding: theme.spacing(0, 1),
  overflowX: 'auto',
  '& [role="tab"]': {
    ...theme.typography.button,
    textTransform: 'none',
    fontWeight: 600,
    appearance: 'none',
    background: 'none',
    border: 0,
    margin: 0,
    cursor: 'pointer',
    minHeight: 48,
    minWidth: 90,
    maxWidth: 360,
    padding: '12px 16px',
    flexShrink: 0,
    color: theme.palette.text.secondary,
    // The indicator: a 2 px bar under the selected tab, as MUI draws it.
    boxShadow: 'inset 0 -2px 0 transparent',
    transition: theme.transitions.create(['box-shadow', 'color', 'background-color'], { duration: theme.transitions.duration.shorter }),
    '&:hover': { color: theme.palette.text.primary },
    '&:focus-visible': { outline: 'none', backgroundColor: theme.palette.action.focus },
    '&[aria-selected="true"]': { color: theme.palette.primary.main, boxShadow: `inset 0 -2px 0 ${theme.palette.primary.main}` },
  },
}));

export interface BladeTabsProps {
  value: BladeTab;
  /** Accessible name of the tablist. */
  label: string;
  configuredLabel: string;
  recommendedLabel: string;
  notRecommendedLabel: string;
  onSelect: (tab: BladeTab) => void;
}

/**
 * The Configured / Recommended / Not recommended tabs. Memoized: it re-renders only when a label
 * (a count) or the selected tab changes, not on every keystroke in the search box.
 */
export const BladeTabs = memo(function BladeTabs({ value, label, configuredLabel, recommendedLabel, notRecommendedLabel, onSelect }: BladeTabsProps) {
  const labels: Record<BladeTab, string> = { configured: configuredLabel, recommended: recommendedLabel, notRecommended: notRecommendedLabel };
  const listRef = useRef<HTMLDivElement>(null);
  // Arrow keys, Home and End move the focus between tabs (as MUI's Tabs); Enter, Space or a click selects.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const tabs = [...(listRef.current?.querySelectorAll<HTMLButtonElement>('[role="tab"]') ?? [])];
    const current = tabs.findIndex((tab) => tab === document.activeElement);
    if (current === -1) return;
    const target =
      event.key === 'ArrowRight' ? (current + 1) % tabs.length
      : event.key === 'ArrowLeft' ? (current - 1 + tabs.length) % tabs.length
      : event.key === 'Home' ? 0
      : event.key === 'End' ? tabs.length - 1
      : undefined;
    if (target === undefined) return;
    event.preventDefault();
    tabs[target]?.focus();
  };
  return (
    <List role="tablist" aria-label={label} ref={listRef} onKeyDown={onKeyDown}>
      {BLADE_TABS.map((tab) => (
        <button
          key={tab}
          type="button"
          role="tab"
          id={`${tab}-tab`}
          aria-controls={`${tab}-panel`}
          aria-selected={value === tab}
          tabIndex={value === tab ? 0 : -1}
          onClick={() => {
            if (tab !== value) onSelect(tab);
          }}
        >
          {labels[tab]}
        </button>
      ))}
    </List>
  );
});
