/** A form's submit button (off while it is sent) and, for a panel, Cancel. */
export function FormButtons({
  submit,
  busy,
  onCancel,
}: {
  submit: string;
  busy: boolean;
  onCancel?: () => void;
}) {
  return (
    <>
      <button type="submit" className="primary" disabled={busy}>
        {submit}
      </button>
      {onCancel && (
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      )}
    </>
  );
}
