/**
 * The kinds of kernel object a checkpoint image holds (fd table, open file, regular file, pipe,
 * socket, shared memory, mm, fs, sighand), each in one class with both halves of its
 * checkpoint/restart, the way linux-cr gives each object type one {@code ckpt_obj_ops}: its dump
 * half (kernel object -> the records that carry its state), its restore half (those records ->
 * kernel object) and how {@code expect same} describes it. {@link org.croracle.impl.objects.ObjectKinds}
 * is the table: checkpoint's {@code ObjectDumper} and restart's {@code RestoreSteps} dispatch
 * through it, {@code TreeView} describes objects with it.
 *
 * <p>What is generic stays outside: the objhash and the OBJREF that announces an object at its
 * first reference (checkpoint), the grouping of records into objects and the objref -> object map
 * (restart), and the records themselves with their grammar ({@code image}, which knows nothing of
 * the kernel). How to add a kind is in {@code docs/image-format.md}, "Object kinds".
 */
package org.croracle.impl.objects;
