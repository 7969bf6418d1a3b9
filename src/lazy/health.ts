// The lazy zone-health bundle (dist/health.cjs, src/health/): loaded only when DNS lists are configured, so a
// message without lists compiles none of it (~0.4 ms of every message when it was in the main bundle).
export { startZoneHealth } from '../health/zone-health';
