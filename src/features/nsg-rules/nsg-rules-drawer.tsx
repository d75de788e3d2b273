import { useId } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import Drawer from '@mui/material/Drawer';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import CloseIcon from '@mui/icons-material/Close';
import { useQueries } from '@tanstack/react-query';
import { getNetworkSecurityGroupQueryOptions } from '../../api/get-network-security-group';
import { useI18n } from '../../components/i18n/i18n';
import type { SecurityRule } from '../../domain/arm-types';
import { vmNameFromDescription } from '../../domain/jit-rule-naming';
import { isJitRule } from '../../domain/jit-rules';
import { parseResourceId } from '../../domain/resource-id';

export interface NsgRulesTarget {
  id: string;
  name: string;
  /** The NSGs that guard the VM (from the fleet's network view). */
  nsgIds?: readonly string[] | undefined;
}

/** JIT's rules for one VM: those with JIT's reserved name whose description names the VM. */
export function jitRulesOfVm(rules: readonly SecurityRule[], vmName: string): SecurityRule[] {
  const name = vmName.toLowerCase();
  return rules
    .filter((rule) => isJitRule(rule) && vmNameFromDescription(rule.properties.description)?.toLowerCase() === name)
    .sort((a, b) => a.properties.priority - b.properties.priority);
}

const list = (single: string | undefined, many: readonly string[] | undefined) => single ?? (many ?? []).join(', ');

/** The NSG rules JIT wrote for a VM, read straight from the NSGs (GET networkSecurityGroups). */
export function NsgRulesDrawer({ vm, onClose }: { vm: NsgRulesTarget; onClose: () => void }) {
  const { t } = useI18n();
  const titleId = useId();
  const nsgIds = vm.nsgIds ?? [];
  const nsgs = useQueries({
    // Always fresh: the drawer exists to show what a write just did.
    queries: nsgIds.map((id) => ({ ...getNetworkSecurityGroupQueryOptions(id), refetchOnMount: 'always' as const })),
  });

  return (
    <Drawer
      anchor="right"
      open
      onClose={onClose}
      slotProps={{ paper: { role: 'dialog', 'aria-modal': true, 'aria-labelledby': titleId, sx: { width: { xs: '100%', md: 860 } } } }}
    >
      <Box sx={{ p: 3 }}>
        <Stack direction="row" sx={{ alignItems: 'flex-start', justifyContent: 'space-between' }}>
          <Typography id={titleId} variant="h5" component="h2" sx={{ overflowWrap: 'anywhere' }}>
            {t('pane.nsg.title', { name: vm.name })}
          </Typography>
          <IconButton aria-label={t('pane.close')} onClick={onClose}>
            <CloseIcon />
          </IconButton>
        </Stack>
        <Typography color="text.secondary" sx={{ mb: 2 }}>
          {t('pane.nsg.intro')}
        </Typography>
        {nsgIds.length === 0 && <Alert severity="info">{t('pane.nsg.noNsg', { name: vm.name })}</Alert>}
        {nsgIds.map((id, index) => {
          const query = nsgs[index];
          const nsgName = parseResourceId(id)?.name ?? id;
          const headingId = `${titleId}-nsg-${String(index)}`;
          const rules = query?.data === undefined ? [] : jitRulesOfVm(query.data.properties.securityRules, vm.name);
          return (
            <Box key={id} component="section" aria-labelledby={headingId} sx={{ mb: 3 }}>
              <Typography id={headingId} variant="h6" component="h3">
                {t('pane.nsg.group', { name: nsgName })}
              </Typography>
              {query?.isPending === true && <CircularProgress size={20} aria-label={t('pane.loading')} />}
              {query?.isError === true && <Alert severity="error">{query.error.message}</Alert>}
              {query?.data !== undefined &&
                (rules.length === 0 ? (
                  <Typography>{t('pane.nsg.none', { name: vm.name })}</Typography>
                ) : (
                  <Table size="small" aria-labelledby={headingId}>
                    <TableHead>
                      <TableRow>
                        <TableCell>{t('pane.nsg.name')}</TableCell>
                        <TableCell>{t('pane.nsg.priority')}</TableCell>
                        <TableCell>{t('pane.nsg.port')}</TableCell>
                        <TableCell>{t('pane.nsg.source')}</TableCell>
                        <TableCell>{t('pane.nsg.access')}</TableCell>
                      </TableRow>
                    </TableHead>
                    <TableBody>
                      {rules.map((rule) => (
                        <TableRow key={rule.name}>
                          <TableCell sx={{ overflowWrap: 'anywhere', fontFamily: 'monospace', fontSize: 12 }}>{rule.name}</TableCell>
                          <TableCell>{rule.properties.priority}</TableCell>
                          <TableCell>{list(rule.properties.destinationPortRange, rule.properties.destinationPortRanges)}</TableCell>
                          <TableCell sx={{ overflowWrap: 'anywhere' }}>{list(rule.properties.sourceAddressPrefix, rule.properties.sourceAddressPrefixes)}</TableCell>
                          <TableCell>
                            <Chip
                              size="small"
                              variant="outlined"
                              color={rule.properties.access === 'Allow' ? 'success' : 'error'}
                              label={t(rule.properties.access === 'Allow' ? 'pane.nsg.access.Allow' : 'pane.nsg.access.Deny')}
                            />
                          </TableCell>
                        </TableRow>
                      ))}
                    </TableBody>
                  </Table>
                ))}
            </Box>
          );
        })}
        <Stack direction="row" spacing={1}>
          <Button
            onClick={() => {
              for (const query of nsgs) void query.refetch();
            }}
          >
            {t('pane.nsg.refresh')}
          </Button>
          <Button onClick={onClose}>{t('pane.close')}</Button>
        </Stack>
      </Box>
    </Drawer>
  );
}
