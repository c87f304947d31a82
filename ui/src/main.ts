import { mount } from 'svelte';
import './styles.css';
import App from './App.svelte';
import { httpBackend, useBackend } from './lib/api';

// Browser tests run the screens against the real core, served over HTTP by
// the test server in place of the desktop shell; the production build
// leaves this branch out.
if (import.meta.env.MODE === 'e2e') useBackend(httpBackend());
const target = document.getElementById('app');
if (target) mount(App, { target });
