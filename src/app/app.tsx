import { useState, type ReactNode } from 'react';
import Box from '@mui/material/Box';
import Container from '@mui/material/Container';
import CssBaseline from '@mui/material/CssBaseline';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { ThemeProvider, createTheme } from '@mui/material/styles';

const theme = createTheme();

const tabs = [
  { id: 'configured', label: 'Configured', placeholder: 'Virtual machines with a JIT policy will be listed here.' },
  { id: 'recommended', label: 'Recommended', placeholder: 'Virtual machines that JIT can protect will be listed here.' },
  {
    id: 'not-recommended',
    label: 'Not recommended',
    placeholder: 'Virtual machines that JIT cannot protect, with the reason, will be listed here.',
  },
] as const;

interface TabPanelProps {
  id: string;
  active: boolean;
  children: ReactNode;
}

function TabPanel({ id, active, children }: TabPanelProps) {
  return (
    <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab`} hidden={!active}>
      {active && <Box sx={{ py: 2 }}>{children}</Box>}
    </div>
  );
}

export function App() {
  const [current, setCurrent] = useState(0);
  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <Container component="main" maxWidth="lg" sx={{ py: 3 }}>
        <Typography variant="h4" component="h1" gutterBottom>
          Just-in-time VM access
        </Typography>
        <Tabs
          value={current}
          onChange={(_event, next: number) => {
            setCurrent(next);
          }}
          aria-label="Virtual machines by JIT status"
        >
          {tabs.map((tab) => (
            <Tab key={tab.id} label={tab.label} id={`${tab.id}-tab`} aria-controls={`${tab.id}-panel`} />
          ))}
        </Tabs>
        {tabs.map((tab, index) => (
          <TabPanel key={tab.id} id={tab.id} active={current === index}>
            <Typography>{tab.placeholder}</Typography>
          </TabPanel>
        ))}
      </Container>
    </ThemeProvider>
  );
}
