import { useId, type ReactElement } from 'react';
import Tooltip from '@mui/material/Tooltip';

const visuallyHidden = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

/**
 * Explains why an action is unavailable. A disabled MUI button fires no pointer events, so the
 * tooltip sits on a focusable wrapper span; the button itself is described by the same text
 * (`aria-describedby`) so screen readers announce the reason with the button.
 */
export function DisabledReason({
  reason,
  children,
}: {
  reason: string | undefined;
  /** Receives the id to put in the control's aria-describedby (undefined when enabled). */
  children: (describedBy: string | undefined) => ReactElement;
}) {
  const id = useId();
  if (reason === undefined) return children(undefined);
  return (
    <Tooltip title={reason} describeChild>
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- keyboard users must reach the explanation of a disabled action */}
      <span tabIndex={0} style={{ display: 'inline-block' }}>
        {children(id)}
        <span id={id} style={visuallyHidden}>
          {reason}
        </span>
      </span>
    </Tooltip>
  );
}
