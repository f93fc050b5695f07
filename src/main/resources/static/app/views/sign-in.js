// Signing in, and registering from an invite link (/?invite=<token>).

import {api} from '../api.js';
import {clearError, field, h, showError} from '../dom.js';

function brand() {
  return h('p', {class: 'auth-brand'}, h('img', {src: '/app/icon.svg', alt: '', width: 28, height: 28}), 'Chat Gateway');
}

export function signInView({onSignedIn}) {
  const email = h('input', {type: 'email', name: 'email', autocomplete: 'username', required: true, 'data-testid': 'login-email'});
  const password = h('input', {type: 'password', name: 'password', autocomplete: 'current-password', required: true,
    'data-testid': 'login-password'});
  const submit = h('button', {type: 'submit', class: 'primary', 'data-testid': 'login-submit'}, 'Sign in');
  const form = h('form', {class: 'card auth-card', 'aria-labelledby': 'sign-in-title'},
    h('h1', {id: 'sign-in-title'}, 'Sign in'),
    field('Email', email),
    field('Password', password),
    submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    clearError();
    try {
      const user = await api('/api/auth/login', {method: 'POST', body: {email: email.value.trim(), password: password.value}});
      onSignedIn(user);
    } catch (error) {
      showError(error.status === 401 ? 'The email or password is not right.' : error.message);
      password.select();
    } finally {
      submit.disabled = false;
    }
  });
  queueMicrotask(() => email.focus());
  return h('main', {class: 'auth'}, h('div', {class: 'auth-column'}, brand(), form));
}

export function registerView({invite, onSignedIn}) {
  const name = h('input', {type: 'text', name: 'name', autocomplete: 'name', maxlength: 100, 'data-testid': 'register-name'});
  const email = h('input', {type: 'email', name: 'email', autocomplete: 'username', required: true, 'data-testid': 'register-email'});
  const password = h('input', {type: 'password', name: 'password', autocomplete: 'new-password', required: true,
    minlength: 8, maxlength: 72, 'data-testid': 'register-password'});
  const submit = h('button', {type: 'submit', class: 'primary', 'data-testid': 'register-submit'}, 'Join the team');
  const form = h('form', {class: 'card auth-card', 'aria-labelledby': 'register-title'},
    h('h1', {id: 'register-title'}, 'You are invited'),
    h('p', {class: 'muted'}, 'Create your account to join the team on Chat Gateway.'),
    field('Your name', name),
    field('Email', email, 'If the invite names an email address, use that one.'),
    field('Password', password, '8 to 72 characters.'),
    submit,
    h('p', {class: 'muted small'}, 'Already have an account? ', h('a', {href: '/'}, 'Sign in')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    clearError();
    const body = {email: email.value.trim(), password: password.value, invite_token: invite};
    if (name.value.trim()) body.name = name.value.trim();
    try {
      const user = await api('/api/auth/register', {method: 'POST', body});
      history.replaceState(null, '', '/');
      onSignedIn(user);
    } catch (error) {
      showError(error.status === 400
        ? `${error.message}. If the invite has expired or was used already, ask your team admin for a new link.`
        : error.message);
    } finally {
      submit.disabled = false;
    }
  });
  queueMicrotask(() => name.focus());
  return h('main', {class: 'auth'}, h('div', {class: 'auth-column'}, brand(), form));
}
