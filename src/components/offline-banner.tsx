import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import { useI18n } from './i18n/i18n';

// Kept here rather than in the catalogues so the banner can ship on its own; same keys in both.
const MESSAGES = {
  en: {
    title: "Can't reach Azure Resource Manager",
    body: 'Requests get no answer (you may be offline, or the connection dropped). What is on screen may be out of date; nothing you typed is lost. The console retries when the connection comes back.',
    detail: 'Browser message: {detail}',
    retry: 'Retry now',
    retrying: 'Retrying…',
  },
  ja: {
    title: 'Azure Resource Manager に接続できません',
    body: '要求に応答がありません (オフラインか、接続が切断されました)。表示中の内容は古い可能性があります。入力した内容は失われません。接続が戻ると自動的に再試行します。',
    detail: 'ブラウザーのメッセージ: {detail}',
    retry: '今すぐ再試行',
    retrying: '再試行しています…',
  },
} as const;

export interface OfflineBannerProps {
  reachable: boolean;
  detail?: string | undefined;
  retrying: boolean;
  retry: () => void;
}

/** Shown across the top while ARM gives no answer at all, instead of spinners that never end. */
export function OfflineBanner({ reachable, detail, retrying, retry }: OfflineBannerProps) {
  const { language } = useI18n();
  if (reachable) return null;
  const text = MESSAGES[language];
  return (
    <Alert
      severity="error"
      role="alert"
      sx={{ borderRadius: 0, position: 'sticky', top: 0, zIndex: (theme) => theme.zIndex.modal + 1 }}
      action={
        <Button color="inherit" size="small" disabled={retrying} onClick={retry} startIcon={retrying ? <CircularProgress size={14} color="inherit" /> : undefined}>
          {retrying ? text.retrying : text.retry}
        </Button>
      }
    >
      <AlertTitle>{text.title}</AlertTitle>
      {text.body}
      {detail !== undefined && detail !== '' && <div>{text.detail.replace('{detail}', detail)}</div>}
    </Alert>
  );
}
