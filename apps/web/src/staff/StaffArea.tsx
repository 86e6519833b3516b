// Placeholder: the counsellor console (owned by the staff/video work).
export default function StaffArea() {
  return <p>…</p>;
}
