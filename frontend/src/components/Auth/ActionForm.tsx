/**
 * The plain form behind the password and account pages: labelled fields, one button, each error where it belongs.
 *
 * Client checks run on submit. A server refusal goes under the field `fieldFor(status)` names (a weak new
 * password, a wrong current one) or above the button; editing a field clears its error. The page decides what
 * success looks like, so `onSubmit` resolves when done and rejects with the API error.
 */
import { useId, useState, type FormEvent } from 'react'
import { toApiFailure } from '../../services/apiError'

export interface FieldSpec {
  name: string
  label: string
  type?: 'email' | 'password'
  autoComplete: string
  hint?: string
  check?(value: string): string | undefined
}

interface ActionFormProps {
  label: string
  fields: FieldSpec[]
  danger?: boolean
  onSubmit(values: Record<string, string>): Promise<void>
  fieldFor?(status: number | null): string | undefined
}

export function ActionForm({ label, fields, danger, onSubmit, fieldFor }: ActionFormProps) {
  const id = useId()
  const [values, setValues] = useState<Record<string, string>>({})
  // '' is the form itself.
  const [errors, setErrors] = useState<Record<string, string | undefined>>({})
  const [busy, setBusy] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const found = Object.fromEntries(fields.map((f) => [f.name, f.check?.(values[f.name] ?? '')]))
    setErrors(found)
    if (busy || Object.values(found).some(Boolean)) return
    setBusy(true)
    try {
      await onSubmit(values)
    } catch (error) {
      const failure = toApiFailure(error)
      setErrors({ [fieldFor?.(failure.status) ?? '']: failure.detail })
    }
    setBusy(false)
  }

  return (
    <form className="auth-form" noValidate onSubmit={submit} aria-label={label}>
      {fields.map((f) => {
        const error = errors[f.name]
        const text = error ?? f.hint
        const note = text ? `${id}${f.name}-note` : undefined
        return (
          <div className="field" key={f.name}>
            <label htmlFor={id + f.name}>{f.label}</label>
            <input
              id={id + f.name}
              type={f.type ?? 'password'}
              autoComplete={f.autoComplete}
              value={values[f.name] ?? ''}
              onChange={(e) => {
                setValues({ ...values, [f.name]: e.target.value })
                setErrors({ ...errors, [f.name]: undefined })
              }}
              aria-invalid={error ? true : undefined}
              aria-describedby={note}
            />
            {text && (
              <p className={error ? 'field-error' : 'field-hint'} id={note}>
                {text}
              </p>
            )}
          </div>
        )
      })}
      {errors[''] && (
        <p className="form-error" role="alert">
          {errors['']}
        </p>
      )}
      <button type="submit" className={`button button-block button-${danger ? 'danger' : 'primary'}`} disabled={busy}>
        {busy ? 'Please wait…' : label}
      </button>
    </form>
  )
}
