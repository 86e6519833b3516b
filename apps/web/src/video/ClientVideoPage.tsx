// Placeholder: the client's video page (owned by the staff/video work).
export default function ClientVideoPage() {
  return <p>…</p>;
}
