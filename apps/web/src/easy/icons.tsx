/** Two signing hands, the usual mark of content in sign language. */
export function SignLanguageIcon() {
  return (
    <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" className="icon">
      <path
        fill="currentColor"
        d="M7 2.5a1 1 0 0 1 2 0V9h1V3.5a1 1 0 0 1 2 0V9h1V4.5a1 1 0 0 1 2 0V12l1.6-1.9a1.3 1.3 0 0 1 2 1.6l-3.4 5A6 6 0 0 1 10.3 19H10a5 5 0 0 1-5-5V5.5a1 1 0 0 1 2 0V10h0V2.5ZM3 16a1 1 0 0 1 1 1 3 3 0 0 0 3 3 1 1 0 0 1 0 2 5 5 0 0 1-5-5 1 1 0 0 1 1-1Z"
      />
    </svg>
  );
}

/** An open book with "LS", the usual mark of Leichte Sprache links. */
export function EasyLanguageIcon() {
  return (
    <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" className="icon">
      <path
        fill="currentColor"
        d="M2 5.5C4.8 4.2 8 4.3 11 6v14c-3-1.6-6.2-1.8-9-.5v-14Zm11 .5c3-1.7 6.2-1.8 9-.5v14c-2.8-1.3-6-1.1-9 .5V6Zm2 3v1.5h5V9h-5Zm0 3v1.5h5V12h-5Z"
      />
    </svg>
  );
}
