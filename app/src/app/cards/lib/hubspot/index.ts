// The HubSpot renderer: one component per card, each taking the context and actions that
// `hubspot.extend` hands it (plus an optional env for tests).
export { BeforeYouPitchCard, type BeforeYouPitchCardProps } from './BeforeYouPitchCard.tsx';
export { CompanySuccessCard, type CompanySuccessCardProps } from './CompanySuccessCard.tsx';
export { ContactSuccessCard, type ContactSuccessCardProps } from './ContactSuccessCard.tsx';
export { hubspotFetch, type CardEnv } from './env.ts';
export { PlanSection } from './PlanSection.tsx';
