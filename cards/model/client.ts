// The cards' sidecar client (fetch injected: hubspot.fetch in HubSpot, window.fetch or a Canvas
// signed fetch on the web) and the remote-state machine with polling and the stale-response guard.
export * from '../../app/src/app/cards/lib/client/api.ts';
export * from '../../app/src/app/cards/lib/client/origin.ts';
export * from '../../app/src/app/cards/lib/client/remote.ts';
export * from '../../app/src/app/cards/lib/client/routes.ts';
