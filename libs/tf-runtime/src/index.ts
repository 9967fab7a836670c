export { tf, tfl } from './tf';
export { initTf, BACKEND_NAMES, type BackendName, type BackendChoice, type InitTfOptions } from './backend';
