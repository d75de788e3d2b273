import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useQuery } from '@tanstack/react-query';
import { getEmulatorStatusQueryOptions } from '../../api/get-emulator-status';
import { useSignedInUser, useSwitchUser } from '../../api/use-signed-in-user';
import { LANGUAGES, useI18n, type Language } from '../../components/i18n/i18n';

/** The signed-in user (switchable between the emulator's users) and the language. */
export function BladeIdentity() {
  const { t, language, setLanguage } = useI18n();
  const user = useSignedInUser();
  const switchUser = useSwitchUser();
  const status = useQuery(getEmulatorStatusQueryOptions());
  const users = status.data?.users ?? [];
  const known = users.some((candidate) => candidate.upn === user.upn);

  return (
    <Stack direction="row" spacing={2} sx={{ flexWrap: 'wrap', rowGap: 1 }}>
      <TextField
        select
        size="small"
        label={t('blade.signedInAs')}
        value={user.upn}
        sx={{ minWidth: 280 }}
        onChange={(event) => {
          const next = users.find((candidate) => candidate.upn === event.target.value);
          if (next) switchUser({ upn: next.upn, name: next.name });
        }}
      >
        {!known && <MenuItem value={user.upn}>{user.upn}</MenuItem>}
        {users.map((candidate) => (
          <MenuItem key={candidate.upn} value={candidate.upn}>
            {`${candidate.name} (${candidate.upn}) — ${candidate.roleName}`}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        size="small"
        label={t('blade.language')}
        value={language}
        sx={{ minWidth: 180 }}
        onChange={(event) => {
          const next = LANGUAGES.find((candidate) => candidate === event.target.value);
          if (next) setLanguage(next);
        }}
      >
        {LANGUAGES.map((candidate: Language) => (
          <MenuItem key={candidate} value={candidate} lang={candidate}>
            {t(candidate === 'ja' ? 'language.ja' : 'language.en')}
          </MenuItem>
        ))}
      </TextField>
    </Stack>
  );
}
