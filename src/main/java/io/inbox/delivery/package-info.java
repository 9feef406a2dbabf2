/** Who receives an event: each event is encoded once and handed to the open connections of its recipients. */
package io.inbox.delivery;
