// Placeholder until the browser journeys land.
export default function setup() {}
