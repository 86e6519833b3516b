export function BookingPage() {
  return <p>…</p>;
}
