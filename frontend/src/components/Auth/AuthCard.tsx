/**
 * The centred card the logged-out pages share: brand, title, one line of subtitle, then the page's content.
 */
import type { ReactNode } from 'react'
import { Brand } from '../Layout/Brand'
import './auth.css'

export function AuthCard({ title, subtitle, children }: { title: string; subtitle: string; children: ReactNode }) {
  return (
    <main className="auth-page">
      <section className="auth-card" aria-labelledby="auth-title">
        <Brand />
        <h1 id="auth-title" className="auth-title">
          {title}
        </h1>
        <p className="auth-subtitle">{subtitle}</p>
        {children}
      </section>
    </main>
  )
}
