export default function ManagePage() {
  return <p>…</p>;
}
