/** The app's entry: mounts the lab on the page. */
import { mount } from 'svelte';
import App from './App.svelte';
import './styles.css';

const target = document.getElementById('app');
if (!target) throw new Error('the page has no #app element');
mount(App, { target });
