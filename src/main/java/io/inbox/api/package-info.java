/**
 * The REST API under /api/ (Django REST framework conventions): resources taking and returning records bound by JSON-B,
 * the authentication and group filters, and the error mapping.
 */
package io.inbox.api;
