// The card view models: pure functions from the sidecar's API payloads to what a card shows. The
// code lives in the HubSpot app folder because HubSpot uploads and bundles only app/ (see
// app/README.md, "Where the card code lives"); the rest of the repository — tests, the web
// renderer — imports it from here.
export * from '../../app/src/app/cards/lib/model/index.ts';
