/**
 * Entry point: configure the API client once, then render the app inside the auth provider.
 */
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { AuthProvider } from './components/Auth/AuthProvider'
import { configureApi } from './services/api'
import './styles/base.css'

configureApi()

const root = document.getElementById('root')
if (root === null) throw new Error('index.html has no #root element')

createRoot(root).render(
  <StrictMode>
    <AuthProvider>
      <App />
    </AuthProvider>
  </StrictMode>,
)
