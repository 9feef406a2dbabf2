/** The REST API under /api/ (Django REST framework conventions): resources, authentication filter and error mapping. */
package io.inbox.api;
