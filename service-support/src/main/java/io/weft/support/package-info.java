/** What every Weft service shares. */
package io.weft.support;
