import { createTheme } from '@mui/material/styles';

// Azure portal blue, darkened until white text on it and it on white both pass WCAG AA (≥ 4.5:1):
// #0f5fa8 on white is about 6.4:1. MUI's default AppBar grey with the default primary fails (4.22:1).
export const theme = createTheme({
  palette: {
    primary: { main: '#0f5fa8' },
    warning: { main: '#b35c00', dark: '#8a4500' },
    text: { secondary: 'rgba(0, 0, 0, 0.68)' },
  },
  typography: {
    fontFamily: '"Segoe UI", "Segoe UI Web (West European)", -apple-system, BlinkMacSystemFont, Roboto, "Helvetica Neue", sans-serif',
  },
  components: {
    MuiButton: { defaultProps: { disableElevation: true }, styleOverrides: { root: { textTransform: 'none' } } },
  },
});
