// A message for the user, from the shared hooks: HubSpot's addAlert shows it in the HubSpot cards,
// a live region in the web console.
export interface CardNotice {
  tone: 'info' | 'warning' | 'success' | 'danger';
  title?: string;
  message: string;
}
