import { mount } from 'svelte';
import './styles.css';
import App from './App.svelte';
import { useBackend } from './lib/api';

async function start() {
  // Browser tests run the screens against a stand-in for the desktop shell;
  // the production build leaves this branch out.
  if (import.meta.env.MODE === 'e2e') {
    const [{ fakeBackend }, seed] = await Promise.all([
      import('./lib/fakeBackend'),
      fetch('./sample.json').then((r) => r.json()),
    ]);
    useBackend(fakeBackend(seed));
  }
  const target = document.getElementById('app');
  if (target) mount(App, { target });
}

void start();
