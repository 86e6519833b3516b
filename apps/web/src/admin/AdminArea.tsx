// Placeholder: the admin area (owned by the admin work).
export default function AdminArea() {
  return <p>…</p>;
}
