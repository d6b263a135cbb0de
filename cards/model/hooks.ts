// The React hooks both renderers share (the HubSpot cards and the web console): remote stores as
// state and the objective editor. They live in the HubSpot app folder for the same reason as the
// view models (see app/README.md, "Where the card code lives").
export * from '../../app/src/app/cards/lib/hooks/objectives.ts';
export * from '../../app/src/app/cards/lib/hooks/remote.ts';
export * from '../../app/src/app/cards/lib/hooks/notice.ts';
export * from '../../app/src/app/cards/lib/hooks/recompute.ts';
